// The server's clock as seen from this device, and the timer's arithmetic.
// Phones' clocks are often minutes off: the server sends its own time with every timer, and the
// page counts from the offset measured at receipt, never from the device's idea of the time.

export class ServerClock {
  constructor(now = () => Date.now()) {
    this.localNow = now;
    this.offset = 0;
  }

  /** Remember how far the server's clock is from ours, from a payload's server_now_ms. */
  sync(serverNowMs) {
    if (typeof serverNowMs === "number" && Number.isFinite(serverNowMs)) {
      this.offset = serverNowMs - this.localNow();
    }
  }

  /** The server's time now, in ms since the epoch. */
  now() {
    return this.localNow() + this.offset;
  }
}

/** Milliseconds left on a timer payload at the server time `serverNow`; never negative. */
export function remainingMs(timer, serverNow) {
  if (!timer) return 0;
  if (timer.state === "running" && typeof timer.ends_at_ms === "number") {
    return Math.max(0, timer.ends_at_ms - serverNow);
  }
  if (timer.state === "paused") return Math.max(0, timer.remaining_ms || 0);
  return 0;
}

/** What a timer element shows: "running", "paused", "up" (time is over) or "stopped". */
export function timerState(timer, serverNow) {
  if (!timer || timer.state === "stopped") return "stopped";
  if (remainingMs(timer, serverNow) === 0) return "up";
  return timer.state;
}

/** 12:05 or 1:02:05; rounds up, so 0:00 shows only when time is up (as the server renders). */
export function clockText(ms) {
  let seconds = Math.ceil(Math.max(0, ms) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const pad = (n) => String(n).padStart(2, "0");
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}
