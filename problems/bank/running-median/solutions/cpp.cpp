vector<double> runningMedian(vector<int> nums) {
    // Lower half in a max-heap, upper half in a min-heap; the lower half may hold one more.
    priority_queue<int> low;
    priority_queue<int, vector<int>, greater<int>> high;
    vector<double> out;
    out.reserve(nums.size());
    for (int x : nums) {
        if (!low.empty() && x > low.top()) {
            high.push(x);
            if (high.size() > low.size()) {
                low.push(high.top());
                high.pop();
            }
        } else {
            low.push(x);
            if (low.size() > high.size() + 1) {
                high.push(low.top());
                low.pop();
            }
        }
        out.push_back(low.size() > high.size() ? low.top() : ((long long)low.top() + high.top()) / 2.0);
    }
    return out;
}
