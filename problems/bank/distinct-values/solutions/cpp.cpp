#include <bits/stdc++.h>
using namespace std;

int main() {
    ios::sync_with_stdio(false);
    cin.tie(nullptr);
    int n;
    cin >> n;
    vector<int> a(n);
    for (int& x : a) cin >> x;
    // Sorting groups equal values; scanning in ascending order keeps the smallest on ties.
    sort(a.begin(), a.end());
    int distinct = 0, bestValue = 0, bestCount = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && a[j] == a[i]) j++;
        distinct++;
        if (j - i > bestCount) {
            bestCount = j - i;
            bestValue = a[i];
        }
        i = j;
    }
    cout << distinct << "\n" << bestValue << " " << bestCount << "\n";
    return 0;
}
