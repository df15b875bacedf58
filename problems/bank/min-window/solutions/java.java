class Solution {
    public static String minWindow(String s, String t) {
        // Grow the window on the right; once it covers t, shrink it from the left while it still does.
        int[] need = new int[128];
        for (int i = 0; i < t.length(); i++) need[t.charAt(i)]++;
        int missing = t.length(), left = 0, bestStart = 0, bestLen = s.length() + 1;
        for (int right = 0; right < s.length(); right++) {
            if (need[s.charAt(right)]-- > 0) missing--;
            if (missing == 0) {
                while (need[s.charAt(left)] < 0) need[s.charAt(left++)]++;
                if (right - left + 1 < bestLen) {
                    bestStart = left;
                    bestLen = right - left + 1;
                }
                // Give up the first character so the window looks for its next cover.
                need[s.charAt(left++)]++;
                missing++;
            }
        }
        return bestLen <= s.length() ? s.substring(bestStart, bestStart + bestLen) : "";
    }
}
