import java.util.*;

class Solution {
    public static boolean sameLetters(String a, String b) {
        // TODO: write your solution here
        return false;
    }
}
