#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    size_t capacity;
    int q;
    cin >> capacity >> q;
    // A list in use order (most recent at the front) plus a map from key to its list node.
    list<pair<int, int>> order;
    unordered_map<int, list<pair<int, int>>::iterator> where;
    where.reserve(capacity * 2);
    string cmd, out;
    for (int k = 0; k < q; k++) {
        int key;
        cin >> cmd >> key;
        auto it = where.find(key);
        if (cmd == "GET") {
            if (it == where.end()) {
                out += "-1\n";
            } else {
                order.splice(order.begin(), order, it->second);
                out += to_string(it->second->second) + "\n";
            }
        } else {
            int value;
            cin >> value;
            if (it != where.end()) {
                it->second->second = value;
                order.splice(order.begin(), order, it->second);
            } else {
                if (order.size() >= capacity) {
                    where.erase(order.back().first);
                    order.pop_back();
                }
                order.emplace_front(key, value);
                where[key] = order.begin();
            }
        }
    }
    cout << out;
    return 0;
}
