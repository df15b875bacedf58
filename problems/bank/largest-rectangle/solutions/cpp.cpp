long long largestRectangle(vector<int> heights) {
    // Stack of bars with increasing heights; a lower bar closes the rectangles of taller ones.
    int n = heights.size();
    vector<int> stack;
    long long best = 0;
    for (int i = 0; i <= n; i++) {
        int h = i < n ? heights[i] : 0;
        while (!stack.empty() && heights[stack.back()] >= h) {
            long long height = heights[stack.back()];
            stack.pop_back();
            int left = stack.empty() ? 0 : stack.back() + 1;
            best = max(best, height * (i - left));
        }
        stack.push_back(i);
    }
    return best;
}
