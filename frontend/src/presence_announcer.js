// Tells screen readers who came into the group's workspace and who left, through a polite
// live region: changes within a short moment are announced together, and the list shown on
// arrival is not read out (the "Online now" list says it).

const GATHER_MS = 1500;

/** Who joined and who left between two member lists (by kind and id, yourself excluded). */
export function presenceChanges(before, after, isMe = () => false) {
  const key = (m) => `${m.kind}:${m.id}`;
  const old = new Map(before.filter((m) => !isMe(m)).map((m) => [key(m), m.name]));
  const now = new Map(after.filter((m) => !isMe(m)).map((m) => [key(m), m.name]));
  const joined = [...now].filter(([k]) => !old.has(k)).map(([, name]) => name);
  const left = [...old].filter(([k]) => !now.has(k)).map(([, name]) => name);
  return { joined, left };
}

export class PresenceAnnouncer {
  /** region: the live element; t: { joined, left } with a {names} placeholder. */
  constructor(region, t, isMe) {
    this.region = region;
    this.t = t;
    this.isMe = isMe;
    this.members = null;
    this.joined = new Set();
    this.left = new Set();
    this.timer = null;
  }

  update(members) {
    if (!this.region) return;
    if (this.members !== null) {
      const { joined, left } = presenceChanges(this.members, members, this.isMe);
      for (const name of joined) this.left.has(name) ? this.left.delete(name) : this.joined.add(name);
      for (const name of left) this.joined.has(name) ? this.joined.delete(name) : this.left.add(name);
      if ((this.joined.size || this.left.size) && !this.timer) {
        this.timer = setTimeout(() => this.announce(), GATHER_MS);
      }
    }
    this.members = members;
  }

  announce() {
    this.timer = null;
    const parts = [];
    if (this.joined.size) parts.push(this.t.joined.replace("{names}", [...this.joined].join(", ")));
    if (this.left.size) parts.push(this.t.left.replace("{names}", [...this.left].join(", ")));
    this.joined.clear();
    this.left.clear();
    if (parts.length) this.region.textContent = parts.join(" ");
  }
}
