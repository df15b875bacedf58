#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<vector<pair<int, int>>> roads(n + 1);
    for (int k = 0; k < m; k++) {
        int a, b, w;
        cin >> a >> b >> w;
        roads[a].push_back({b, w});
    }
    // Dijkstra: settle junctions in order of distance; stale heap entries are skipped.
    vector<long long> dist(n + 1, -1);
    priority_queue<pair<long long, int>, vector<pair<long long, int>>, greater<>> heap;
    heap.push({0, 1});
    while (!heap.empty()) {
        auto [d, a] = heap.top();
        heap.pop();
        if (dist[a] != -1) continue;
        dist[a] = d;
        for (auto [b, w] : roads[a])
            if (dist[b] == -1) heap.push({d + w, b});
    }
    string out;
    for (int a = 1; a <= n; a++) {
        if (a > 1) out += ' ';
        out += to_string(dist[a]);
    }
    cout << out << "\n";
    return 0;
}
