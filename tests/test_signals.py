"""Every signal says in its doc string what it announces."""

from blinker import NamedSignal

from facilitator import signals


def test_every_signal_is_documented_and_named_after_itself():
    declared = {
        name: value for name, value in vars(signals).items() if isinstance(value, NamedSignal)
    }
    assert "phase_changed" in declared
    for name, signal in declared.items():
        assert signal.name == name.replace("_", "-")
        assert signal.__doc__ and "sender is" in signal.__doc__, name
