/** A binary heap ordered by `before(a, b)` (true when a should come out first). */
class Heap {
  constructor(before) {
    this.items = [];
    this.before = before;
  }
  get size() {
    return this.items.length;
  }
  peek() {
    return this.items[0];
  }
  push(x) {
    const a = this.items;
    let i = a.push(x) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(x, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= a.length) break;
        if (c + 1 < a.length && this.before(a[c + 1], a[c])) c++;
        if (!this.before(a[c], last)) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function runningMedian(nums) {
  // Lower half in a max-heap, upper half in a min-heap; the lower half may hold one more.
  const low = new Heap((a, b) => a > b);
  const high = new Heap((a, b) => a < b);
  const out = [];
  for (const x of nums) {
    if (low.size && x > low.peek()) {
      high.push(x);
      if (high.size > low.size) low.push(high.pop());
    } else {
      low.push(x);
      if (low.size > high.size + 1) high.push(low.pop());
    }
    out.push(low.size > high.size ? low.peek() : (low.peek() + high.peek()) / 2);
  }
  return out;
}
