// The phone's camera reads personal QR codes (qr-scanner: BarcodeDetector where the browser has
// it, else its own decoder in a web worker bundled here, so nothing comes from the internet).

import QrScanner from "qr-scanner";

// The same code stays in front of the camera: read it once every few seconds at most.
const REPEAT_MS = 4000;

export function startScanner(root, t, onLink) {
  const button = root.querySelector("[data-door-scan]");
  const label = root.querySelector("[data-door-scan-label]");
  const video = root.querySelector("[data-door-video]");
  if (!button || !video) return;
  button.hidden = false;
  let scanner = null;
  let last = { text: "", at: 0 };
  const stop = () => {
    if (scanner) scanner.stop();
    video.hidden = true;
    label.textContent = t.scan_start;
  };
  button.addEventListener("click", async () => {
    if (scanner && !video.hidden) {
      stop();
      return;
    }
    if (!window.isSecureContext || !(await QrScanner.hasCamera())) {
      onLink(null, t.no_camera);
      return;
    }
    if (!scanner) {
      scanner = new QrScanner(
        video,
        (result) => {
          const now = Date.now();
          if (result.data === last.text && now - last.at < REPEAT_MS) return;
          last = { text: result.data, at: now };
          onLink(result.data);
        },
        { returnDetailedScanResult: true, highlightScanRegion: true },
      );
    }
    video.hidden = false;
    label.textContent = t.scan_stop;
    try {
      await scanner.start();
    } catch (error) {
      stop();
      onLink(null, t.no_camera);
    }
  });
}
