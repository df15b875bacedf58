import java.util.*;

class Solution {
    public static String minWindow(String s, String t) {
        // TODO: write your solution here
        return null;
    }
}
