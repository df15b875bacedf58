import java.util.*;

class Solution {
    public static boolean isBalanced(String s) {
        // TODO: write your solution here
        return false;
    }
}
