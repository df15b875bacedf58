function waitForGreater(values) {
  // Positions still waiting for a greater value form a stack with non-increasing values.
  const result = new Array(values.length).fill(0);
  const waiting = [];
  for (let j = 0; j < values.length; j++) {
    while (waiting.length && values[waiting[waiting.length - 1]] < values[j]) {
      const i = waiting.pop();
      result[i] = j - i;
    }
    waiting.push(j);
  }
  return result;
}
