"""Where `run`/`demo` listen, which address phones get, and what the console says."""

from __future__ import annotations

import io

import pytest

from facilitator.hall.addresses import Candidate
from facilitator.hall.serving import HallError, plan, print_banner

WIFI = Candidate("192.168.1.23", "wlan0", default_route=True)
DOCKER = Candidate("172.17.0.1", "docker0", virtual=True)


def found():
    return [WIFI, DOCKER]


def test_by_default_only_this_computer_can_open_it():
    serving = plan("127.0.0.1", 5000, find=found)
    assert serving.listen_host == "127.0.0.1"
    assert serving.local_url == "http://127.0.0.1:5000"
    assert serving.phone_url is None and not serving.open_to_hall


def test_hall_listens_on_every_interface_and_phones_get_the_best_address():
    serving = plan("127.0.0.1", 5000, hall=True, find=found)
    assert serving.listen_host == "0.0.0.0"
    assert serving.local_url == "http://127.0.0.1:5000"
    assert serving.phone_url == "http://192.168.1.23:5000"
    assert serving.others == [DOCKER]


def test_host_0000_is_the_same_as_hall():
    assert plan("0.0.0.0", 5001, find=found).phone_url == "http://192.168.1.23:5001"


def test_address_picks_another_interface_and_implies_hall():
    serving = plan("127.0.0.1", 5000, address="docker0", find=found)
    assert serving.listen_host == "0.0.0.0"
    assert serving.phone_url == "http://172.17.0.1:5000"


def test_a_specific_host_is_the_address_phones_open():
    serving = plan("192.168.1.23", 8080, find=found)
    assert serving.listen_host == "192.168.1.23"
    assert serving.phone_url == "http://192.168.1.23:8080"


def test_a_loopback_address_or_unknown_interface_for_phones_is_refused(app):
    with pytest.raises(HallError, match=r"127\.0\.0\.1"):
        plan("127.0.0.1", 5000, address="127.0.0.1", find=found)
    with pytest.raises(HallError, match=r"wlan7.*192\.168\.1\.23 \(wlan0\)"):
        plan("127.0.0.1", 5000, address="wlan7", find=found)


def test_without_a_network_the_hall_has_no_phone_address():
    serving = plan("127.0.0.1", 5000, hall=True, find=list)
    assert serving.open_to_hall and serving.phone_url is None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def banner(serving, out=None, **options) -> str:
    out = out or io.StringIO()
    print_banner(serving, command="run", mode="gevent", data_folder="/data", out=out, **options)
    return out.getvalue()


def test_banner_tells_phones_the_address_and_names_the_others(app):
    text = banner(plan("127.0.0.1", 5000, hall=True, find=found))
    assert "Фасилитатор работает по адресу http://127.0.0.1:5000/" in text
    assert "Папка данных: /data" in text
    assert "Телефоны в зале открывают: http://192.168.1.23:5000/" in text
    assert "172.17.0.1 (docker0)" in text
    assert "facilitator doctor" in text


def test_banner_says_how_to_open_the_app_to_the_hall(app):
    text = banner(plan("127.0.0.1", 5000, find=found))
    assert "facilitator run --hall" in text
    assert "Телефоны в зале открывают" not in text


def test_banner_names_public_url_and_the_folder_data_was_copied_from(app):
    text = banner(
        plan("127.0.0.1", 5000, hall=True, find=found),
        public_url="https://sessions.example.org",
        copied_from="/venv/var/facilitator-instance",
    )
    assert "PUBLIC_URL: https://sessions.example.org" in text
    assert "/venv/var/facilitator-instance" in text


def test_banner_draws_the_qr_code_only_on_a_terminal(app):
    serving = plan("127.0.0.1", 5000, hall=True, find=found)
    assert "█" in banner(serving, Terminal()) or "▀" in banner(serving, Terminal())
    assert not {"█", "▀", "▄"} & set(banner(serving))
