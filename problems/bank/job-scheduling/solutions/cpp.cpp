long long maxProfitSchedule(vector<vector<int>> jobs) {
    // best[k] = best profit using only the first k jobs by end time; each job either is skipped
    // or follows the best schedule of the jobs that end by its start (found by binary search).
    sort(jobs.begin(), jobs.end(), [](const vector<int>& a, const vector<int>& b) { return a[1] < b[1]; });
    int n = jobs.size();
    vector<int> ends(n);
    for (int k = 0; k < n; k++) ends[k] = jobs[k][1];
    vector<long long> best(n + 1, 0);
    for (int k = 0; k < n; k++) {
        int before = upper_bound(ends.begin(), ends.begin() + k, jobs[k][0]) - ends.begin();
        best[k + 1] = max(best[k], best[before] + jobs[k][2]);
    }
    return best[n];
}
