/** Events of the simulation in time order; ties in the order they were scheduled (determinism). */
export class EventQueue {
  private heap: Array<{ at: number; seq: number; run: (at: number) => void }> = [];
  private seq = 0;

  push(at: number, run: (at: number) => void): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, run });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** Runs every event earlier than `until`, including those that events schedule; later ones never happen. */
  runUntil(until: number): void {
    while (this.heap.length > 0 && this.heap[0].at < until) {
      const next = this.pop();
      next.run(next.at);
    }
    this.heap = [];
  }

  private pop() {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.before(left, smallest)) smallest = left;
        if (right < heap.length && this.before(right, smallest)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    const a = this.heap[i];
    const b = this.heap[j];
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}
