package io.leasehold.dhcp.classify.internal;

import io.leasehold.dhcp.classify.ExpressionException;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens. */
final class Lexer {
    enum Kind { LPAREN, RPAREN, LBRACKET, RBRACKET, DOT, COMMA, EQUAL, PLUS, STRING, HEX, IP, INT, IDENT, EOF }

    record Token(Kind kind, String text, int position) {
    }

    private Lexer() {
    }

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int pos = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Token(Kind.LPAREN, "(", pos));
                i++;
            } else if (c == ')') {
                out.add(new Token(Kind.RPAREN, ")", pos));
                i++;
            } else if (c == '[') {
                out.add(new Token(Kind.LBRACKET, "[", pos));
                i++;
            } else if (c == ']') {
                out.add(new Token(Kind.RBRACKET, "]", pos));
                i++;
            } else if (c == '.') {
                out.add(new Token(Kind.DOT, ".", pos));
                i++;
            } else if (c == ',') {
                out.add(new Token(Kind.COMMA, ",", pos));
                i++;
            } else if (c == '+') {
                out.add(new Token(Kind.PLUS, "+", pos));
                i++;
            } else if (c == '=') {
                if (i + 1 < n && s.charAt(i + 1) == '=') {
                    out.add(new Token(Kind.EQUAL, "==", pos));
                    i += 2;
                } else {
                    throw new ExpressionException("expected '==' but found a single '='", pos);
                }
            } else if (c == '\'') {
                int end = s.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new ExpressionException("unterminated string", pos);
                }
                out.add(new Token(Kind.STRING, s.substring(i + 1, end), pos));
                i = end + 1;
            } else if (c == '0' && i + 1 < n && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                int j = i + 2;
                while (j < n && Character.digit(s.charAt(j), 16) >= 0) {
                    j++;
                }
                if (j == i + 2) {
                    throw new ExpressionException("hex literal without digits", pos);
                }
                out.add(new Token(Kind.HEX, s.substring(i + 2, j), pos));
                i = j;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                int j = i + 1;
                int dots = 0;
                while (j < n && (Character.isDigit(s.charAt(j))
                        || (s.charAt(j) == '.' && j + 1 < n && Character.isDigit(s.charAt(j + 1)) && c != '-'))) {
                    if (s.charAt(j) == '.') {
                        dots++;
                    }
                    j++;
                }
                String t = s.substring(i, j);
                if (dots == 0) {
                    out.add(new Token(Kind.INT, t, pos));
                } else if (dots == 3) {
                    out.add(new Token(Kind.IP, t, pos));
                } else {
                    throw new ExpressionException("malformed number or address '" + t + "'", pos);
                }
                i = j;
            } else if (Character.isLetter(c)) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '-' || s.charAt(j) == '_')) {
                    j++;
                }
                out.add(new Token(Kind.IDENT, s.substring(i, j), pos));
                i = j;
            } else {
                throw new ExpressionException("unexpected character '" + c + "'", pos);
            }
        }
        out.add(new Token(Kind.EOF, "end of expression", n + 1));
        return out;
    }
}
