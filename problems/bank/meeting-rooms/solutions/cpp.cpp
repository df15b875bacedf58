#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<pair<int, int>> meetings(n);
    for (auto& [s, e] : meetings) cin >> s >> e;
    sort(meetings.begin(), meetings.end());
    // Min-heap of end times of the rooms in use; reuse the room that frees up first.
    priority_queue<int, vector<int>, greater<int>> ends;
    for (auto [s, e] : meetings) {
        if (!ends.empty() && ends.top() <= s) ends.pop();
        ends.push(e);
    }
    cout << ends.size() << "\n";
    return 0;
}
