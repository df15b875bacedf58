int cycleLength(vector<int> next, int head) {
    // Floyd: a fast pointer (two steps) meets the slow one (one step) iff there is a cycle.
    if (head == -1) return 0;
    int slow = head, fast = head;
    do {
        if (next[fast] == -1 || next[next[fast]] == -1) return 0;
        slow = next[slow];
        fast = next[next[fast]];
    } while (slow != fast);
    int length = 1;
    for (int node = next[slow]; node != slow; node = next[node]) length++;
    return length;
}
