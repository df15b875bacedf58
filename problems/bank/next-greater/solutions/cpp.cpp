vector<int> waitForGreater(vector<int> values) {
    // Positions still waiting for a greater value form a stack with non-increasing values.
    vector<int> result(values.size(), 0), waiting;
    for (int j = 0; j < (int)values.size(); j++) {
        while (!waiting.empty() && values[waiting.back()] < values[j]) {
            result[waiting.back()] = j - waiting.back();
            waiting.pop_back();
        }
        waiting.push_back(j);
    }
    return result;
}
