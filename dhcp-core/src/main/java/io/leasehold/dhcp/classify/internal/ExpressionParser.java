package io.leasehold.dhcp.classify.internal;

import io.leasehold.dhcp.classify.Expression;
import io.leasehold.dhcp.classify.ExpressionException;
import io.leasehold.dhcp.classify.PacketView;
import io.leasehold.dhcp.classify.internal.Lexer.Kind;
import io.leasehold.dhcp.classify.internal.Lexer.Token;
import io.leasehold.dhcp.classify.internal.Nodes.Bool;
import io.leasehold.dhcp.classify.internal.Nodes.Ctx;
import io.leasehold.dhcp.classify.internal.Nodes.Str;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Recursive-descent parser for Kea's expression language. Precedence, lowest first: {@code or}, {@code and},
 * {@code not}, {@code ==}, {@code +}. Booleans and strings are distinct types, checked at parse time as Kea's grammar
 * does.
 */
public final class ExpressionParser {
    private final List<Token> tokens;
    private final ToIntFunction<String> optionCodes;
    private final Set<String> members = new LinkedHashSet<>();
    private int p;

    /** A parsed sub-expression: exactly one of the two is set. */
    private record Typed(Str str, Bool bool, int position) {
    }

    private ExpressionParser(String text, ToIntFunction<String> optionCodes) {
        this.tokens = Lexer.tokenize(text);
        this.optionCodes = optionCodes;
    }

    public static Expression parseBoolean(String text, ToIntFunction<String> optionCodes) {
        ExpressionParser parser = new ExpressionParser(text, optionCodes);
        Typed t = parser.parseOr();
        parser.expect(Kind.EOF);
        Bool b = parser.requireBool(t);
        Set<String> refs = Collections.unmodifiableSet(parser.members);
        return new Expression() {
            @Override
            public boolean test(PacketView packet, Predicate<String> memberOf) {
                try {
                    return b.eval(new Ctx(packet, memberOf));
                } catch (Nodes.EvalError e) {
                    return false;
                }
            }

            @Override
            public Set<String> referencedClasses() {
                return refs;
            }

            @Override
            public String text() {
                return text;
            }

            @Override
            public String toString() {
                return text;
            }
        };
    }

    // ---- grammar levels ----

    private Typed parseOr() {
        Typed left = parseAnd();
        while (isWord("or")) {
            int pos = next().position();
            Bool l = requireBool(left);
            Bool r = requireBool(parseAnd());
            left = new Typed(null, c -> l.eval(c) || r.eval(c), pos);
        }
        return left;
    }

    private Typed parseAnd() {
        Typed left = parseNot();
        while (isWord("and")) {
            int pos = next().position();
            Bool l = requireBool(left);
            Bool r = requireBool(parseNot());
            left = new Typed(null, c -> l.eval(c) && r.eval(c), pos);
        }
        return left;
    }

    private Typed parseNot() {
        if (isWord("not")) {
            int pos = next().position();
            Bool b = requireBool(parseNot());
            return new Typed(null, c -> !b.eval(c), pos);
        }
        return parseCompare();
    }

    private Typed parseCompare() {
        Typed left = parseConcat();
        if (peek().kind() == Kind.EQUAL) {
            int pos = next().position();
            Str l = requireStr(left);
            Str r = requireStr(parseConcat());
            return new Typed(null, c -> Arrays.equals(l.eval(c), r.eval(c)), pos);
        }
        return left;
    }

    private Typed parseConcat() {
        Typed left = parsePrimary();
        while (peek().kind() == Kind.PLUS) {
            int pos = next().position();
            Str l = requireStr(left);
            Str r = requireStr(parsePrimary());
            left = str(c -> Functions.concat(l.eval(c), r.eval(c)), pos);
        }
        return left;
    }

    private Typed parsePrimary() {
        Token t = next();
        switch (t.kind()) {
            case LPAREN -> {
                Typed inner = parseOr();
                expect(Kind.RPAREN);
                return inner;
            }
            case STRING -> {
                byte[] v = t.text().getBytes(StandardCharsets.UTF_8);
                return str(c -> v, t.position());
            }
            case HEX -> {
                byte[] v = Functions.hex(t.text());
                return str(c -> v, t.position());
            }
            case IP -> {
                byte[] v = Nodes.int32(io.leasehold.dhcp.lease.Ipv4.parse(t.text()));
                return str(c -> v, t.position());
            }
            case INT -> {
                byte[] v = Nodes.int32(parseInt(t));
                return str(c -> v, t.position());
            }
            case IDENT -> {
                return parseWord(t);
            }
            default -> throw new ExpressionException("unexpected " + describe(t), t.position());
        }
    }

    private Typed parseWord(Token t) {
        int pos = t.position();
        switch (t.text()) {
            case "option" -> {
                int code = parseOptionCode();
                expect(Kind.DOT);
                if (isWord("option")) {
                    next();
                    int sub = parseBracketInt();
                    expect(Kind.DOT);
                    return optionAccess(pos, c -> Functions.subOption(c.packet().option(code), sub));
                }
                return optionAccess(pos, c -> c.packet().option(code));
            }
            case "relay4" -> {
                int sub = parseBracketInt();
                expect(Kind.DOT);
                return optionAccess(pos, c -> c.packet().relayAgentSubOption(sub));
            }
            case "pkt4" -> {
                expect(Kind.DOT);
                Token f = expect(Kind.IDENT);
                return str(Functions.pkt4Field(f), pos);
            }
            case "pkt" -> {
                expect(Kind.DOT);
                Token f = expect(Kind.IDENT);
                return str(Functions.pktField(f), pos);
            }
            case "member" -> {
                expect(Kind.LPAREN);
                Token name = expect(Kind.STRING);
                expect(Kind.RPAREN);
                String cls = name.text();
                members.add(cls);
                return new Typed(null, c -> c.memberOf().test(cls), pos);
            }
            case "substring" -> {
                expect(Kind.LPAREN);
                Str s = requireStr(parseConcat());
                expect(Kind.COMMA);
                int start = parseInt(expect(Kind.INT));
                expect(Kind.COMMA);
                Integer len;
                if (isWord("all")) {
                    next();
                    len = null;
                } else {
                    len = parseInt(expect(Kind.INT));
                }
                expect(Kind.RPAREN);
                return str(c -> Functions.substring(s.eval(c), start, len), pos);
            }
            case "split" -> {
                expect(Kind.LPAREN);
                Str s = requireStr(parseConcat());
                expect(Kind.COMMA);
                Str delims = requireStr(parseConcat());
                expect(Kind.COMMA);
                int field = parseInt(expect(Kind.INT));
                expect(Kind.RPAREN);
                return str(c -> Functions.split(s.eval(c), delims.eval(c), field), pos);
            }
            case "concat" -> {
                expect(Kind.LPAREN);
                Str a = requireStr(parseConcat());
                expect(Kind.COMMA);
                Str b = requireStr(parseConcat());
                expect(Kind.RPAREN);
                return str(c -> Functions.concat(a.eval(c), b.eval(c)), pos);
            }
            case "ifelse" -> {
                expect(Kind.LPAREN);
                Bool cond = requireBool(parseOr());
                expect(Kind.COMMA);
                Str a = requireStr(parseConcat());
                expect(Kind.COMMA);
                Str b = requireStr(parseConcat());
                expect(Kind.RPAREN);
                return str(c -> cond.eval(c) ? a.eval(c) : b.eval(c), pos);
            }
            case "hexstring" -> {
                expect(Kind.LPAREN);
                Str s = requireStr(parseConcat());
                expect(Kind.COMMA);
                Str sep = requireStr(parseConcat());
                expect(Kind.RPAREN);
                return str(c -> Functions.hexstring(s.eval(c), sep.eval(c)), pos);
            }
            case "addrtotext", "int8totext", "int16totext", "int32totext", "uint8totext", "uint16totext",
                    "uint32totext", "lcase", "ucase" -> {
                expect(Kind.LPAREN);
                Str s = requireStr(parseConcat());
                expect(Kind.RPAREN);
                String fn = t.text();
                return str(c -> Functions.unary(fn, s.eval(c)), pos);
            }
            case "vendor", "vendor-class", "relay6", "pkt6" -> throw new ExpressionException(
                    "'" + t.text() + "' is not supported by Leasehold's DHCPv4 classifier", pos);
            case "known", "unknown" -> throw new ExpressionException(
                    "'" + t.text() + "' is not a token; use member('KNOWN') or member('UNKNOWN')", pos);
            default -> throw new ExpressionException("unknown token '" + t.text() + "'", pos);
        }
    }

    /** {@code .hex}, {@code .text} or {@code .exists} after an option reference. */
    private Typed optionAccess(int pos, Str value) {
        Token f = expect(Kind.IDENT);
        return switch (f.text()) {
            case "hex", "text" -> str(c -> {
                byte[] v = value.eval(c);
                return v == null ? new byte[0] : v;
            }, pos);
            case "exists" -> new Typed(null, c -> value.eval(c) != null, pos);
            default -> throw new ExpressionException("expected hex, text or exists but found '" + f.text() + "'",
                    f.position());
        };
    }

    private int parseOptionCode() {
        expect(Kind.LBRACKET);
        Token t = next();
        int code;
        if (t.kind() == Kind.INT) {
            code = parseInt(t);
        } else if (t.kind() == Kind.IDENT) {
            code = optionCodes.applyAsInt(t.text());
            if (code < 0) {
                throw new ExpressionException("unknown option name '" + t.text() + "'", t.position());
            }
        } else {
            throw new ExpressionException("expected an option code or name but found " + describe(t), t.position());
        }
        if (code < 0 || code > 255) {
            throw new ExpressionException("option code out of range 0..255: " + code, t.position());
        }
        expect(Kind.RBRACKET);
        return code;
    }

    private int parseBracketInt() {
        expect(Kind.LBRACKET);
        Token t = expect(Kind.INT);
        int v = parseInt(t);
        if (v < 0 || v > 255) {
            throw new ExpressionException("code out of range 0..255: " + v, t.position());
        }
        expect(Kind.RBRACKET);
        return v;
    }

    // ---- helpers ----

    private static Typed str(Str s, int pos) {
        return new Typed(s, null, pos);
    }

    private Bool requireBool(Typed t) {
        if (t.bool() == null) {
            throw new ExpressionException("expected a boolean expression but found a string", t.position());
        }
        return t.bool();
    }

    private Str requireStr(Typed t) {
        if (t.str() == null) {
            throw new ExpressionException("expected a string expression but found a boolean", t.position());
        }
        return t.str();
    }

    private static int parseInt(Token t) {
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            long v;
            try {
                v = Long.parseLong(t.text());
            } catch (NumberFormatException e2) {
                throw new ExpressionException("integer out of range: " + t.text(), t.position());
            }
            if (v > 0xffffffffL || v < Integer.MIN_VALUE) {
                throw new ExpressionException("integer out of range: " + t.text(), t.position());
            }
            return (int) v;
        }
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.kind() != Kind.EOF) {
            p++;
        }
        return t;
    }

    private boolean isWord(String w) {
        Token t = peek();
        return t.kind() == Kind.IDENT && t.text().equals(w);
    }

    private Token expect(Kind k) {
        Token t = next();
        if (t.kind() != k) {
            throw new ExpressionException("expected " + k.name().toLowerCase() + " but found " + describe(t),
                    t.position());
        }
        return t;
    }

    private static String describe(Token t) {
        return t.kind() == Kind.EOF ? "end of expression" : "'" + t.text() + "'";
    }
}
