class Solution {
    public static boolean isBalanced(String s) {
        // An array used as a stack of open brackets.
        char[] stack = new char[s.length()];
        int top = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                stack[top++] = c;
            } else {
                char open = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (top == 0 || stack[--top] != open) return false;
            }
        }
        return top == 0;
    }
}
