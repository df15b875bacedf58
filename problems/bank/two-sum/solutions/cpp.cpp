vector<int> twoSum(vector<int> nums, int target) {
    // Value -> first position; one pass finds each value's partner.
    unordered_map<int, int> seen;
    seen.reserve(nums.size() * 2);
    for (int j = 0; j < (int)nums.size(); j++) {
        auto it = seen.find(target - nums[j]);
        if (it != seen.end()) return {it->second, j};
        seen.emplace(nums[j], j);
    }
    return {};
}
