#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n, m;
    cin >> n >> m;
    vector<vector<int>> after(n + 1);
    vector<int> waitingFor(n + 1, 0);
    for (int k = 0; k < m; k++) {
        int a, b;
        cin >> a >> b;
        after[a].push_back(b);
        waitingFor[b]++;
    }
    // Kahn's algorithm with a min-heap: always do the smallest task that is ready.
    priority_queue<int, vector<int>, greater<int>> ready;
    for (int t = 1; t <= n; t++)
        if (waitingFor[t] == 0) ready.push(t);
    vector<int> order;
    while (!ready.empty()) {
        int t = ready.top();
        ready.pop();
        order.push_back(t);
        for (int u : after[t])
            if (--waitingFor[u] == 0) ready.push(u);
    }
    if ((int)order.size() != n) {
        cout << "IMPOSSIBLE\n";
        return 0;
    }
    string out;
    for (size_t i = 0; i < order.size(); i++) {
        if (i) out += ' ';
        out += to_string(order[i]);
    }
    cout << out << "\n";
    return 0;
}
