package io.leasehold.dhcp.config;

import static io.leasehold.dhcp.config.TestConfigs.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Text to option payload, per Kea data type (golden bytes). */
class OptionDataEncoderTest {

    private static OptionDefinition std(String name) {
        return OptionDefinitions.standard().find("dhcp4", name).orElseThrow();
    }

    private static String encode(String option, String data) {
        return hex(OptionDataEncoder.encode(std(option), data, true));
    }

    private static OptionDefinition custom(OptionDataType type, boolean array, OptionDataType... fields) {
        return new OptionDefinition("t", 224, "dhcp4", type, array, List.of(fields), "", java.util.Map.of());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "routers | 192.0.2.1 | c0000201",
        "domain-name-servers | 192.0.2.1, 192.0.2.2 | c0000201c0000202",
        "broadcast-address | 192.168.43.255 | c0a82bff",
        "time-offset | -1 | ffffffff",
        "time-offset | 3600 | 00000e10",
        "default-ip-ttl | 64 | 40",
        "default-ip-ttl | 0xf0 | f0",
        "interface-mtu | 1500 | 05dc",
        "path-mtu-plateau-table | 68, 296 | 00440128",
        "dhcp-lease-time | 4294967295 | ffffffff",
        "ip-forwarding | true | 01",
        "ip-forwarding | 0 | 00",
        "ip-forwarding | FALSE | 00",
        "domain-name | example.org | 6578616d706c652e6f7267",
        "domain-search | example.com, a.b | 076578616d706c6503636f6d0001610162 00",
        "v4-lost | example.com. | 076578616d706c6503636f6d00",
        "dhcp-client-identifier | 01:02:0a | 01020a",
        "user-class | 0x0a0b | 0a0b",
        "slp-service-scope | true, scope | 0173636f7065",
        "slp-directory-agent | true, 192.0.2.1, 192.0.2.2 | 01c0000201c0000202",
        "client-ndi | 1, 2, 3 | 010203",
        "v4-portparams | 8, 0x12/8 | 08081200",
        "option-6rd | 8, 32, 2001:db8::, 192.0.2.1 | 082020010db8000000000000000000000000c0000201",
        "classless-static-route | 10.0.0.0/8 - 10.1.1.1, 0.0.0.0/0 - 192.0.2.1 | 080a0a01010100c0000201",
        "vendor-encapsulated-options | '' | ''",
    })
    void encodesEachStandardType(String option, String data, String expected) {
        assertEquals(expected.replace(" ", "").replace("''", ""), encode(option, data.equals("''") ? "" : data));
    }

    @Test
    void encodesTypesWithoutAStandardExample() {
        assertEquals("ff", hex(OptionDataEncoder.encode(custom(OptionDataType.INT8, false), "-1", true)));
        assertEquals("8000", hex(OptionDataEncoder.encode(custom(OptionDataType.INT16, false), "-32768", true)));
        assertEquals("20010db8000000000000000000000001",
                hex(OptionDataEncoder.encode(custom(OptionDataType.IPV6_ADDRESS, false), "2001:db8::1", true)));
        assertEquals("00000000000000000000ffffc0000201",
                hex(OptionDataEncoder.encode(custom(OptionDataType.IPV6_ADDRESS, false), "::ffff:192.0.2.1", true)));
        assertEquals("3020010db8", hex(OptionDataEncoder.encode(custom(OptionDataType.IPV6_PREFIX, false),
                "2001:db8::/48", true)).substring(0, 10));
        assertEquals("0568656c6c6f", hex(OptionDataEncoder.encode(custom(OptionDataType.TUPLE, false), "hello", true)));
        assertEquals("0001", hex(OptionDataEncoder.encode(custom(OptionDataType.UINT16, true), "1", true)));
        assertEquals("2c", hex(OptionDataEncoder.encode(custom(OptionDataType.STRING, false), "\\,", true)),
                "an escaped comma is a literal comma");
    }

    @Test
    void recordArraysRepeatTheLastField() {
        OptionDefinition def = custom(OptionDataType.RECORD, true, OptionDataType.UINT8, OptionDataType.UINT16);
        assertEquals("01000200030004", hex(OptionDataEncoder.encode(def, "1, 2, 3, 4", true)));
    }

    @Test
    void binaryFormHexOrQuotedText() {
        assertEquals("c0000201", hex(OptionDataEncoder.encode(std("routers"), "C0 00 02 01", false)));
        assertEquals("c0000201", hex(OptionDataEncoder.encode(std("routers"), "0xc0000201", false)));
        assertEquals("0c0000201".substring(1), hex(OptionDataEncoder.encode(std("routers"), "c0:0:2:1", false)));
        assertEquals("616263", hex(OptionDataEncoder.encode(null, "'abc'", false)));
        assertEquals("0abc", hex(OptionDataEncoder.encode(null, "abc", false)), "odd digit count gets a leading 0");
    }

    @Test
    void rejectsDataThatDoesNotFitItsType() {
        assertRejects("routers", "192.0.2.300", true, "'192.0.2.300' is not a valid IPv4 address");
        assertRejects("default-ip-ttl", "256", true, "'256' is out of range 0..255 for uint8");
        assertRejects("default-ip-ttl", "-1", true, "out of range");
        assertRejects("ip-forwarding", "yes", true, "'yes' is not a boolean");
        assertRejects("broadcast-address", "192.0.2.1, 192.0.2.2", true, "takes a single value, got 2");
        assertRejects("domain-name", "", true, "needs a value");
        assertRejects("domain-search", "a..b", true, "empty label");
        assertRejects("slp-service-scope", "true", true, "needs 2 comma-separated values, got 1");
        assertRejects("vendor-encapsulated-options", "01", true, "takes no data");
        assertRejects("routers", "c00002", false, "needs a multiple of 4 bytes, got 3");
        assertRejects("broadcast-address", "c0000201c0", false, "needs exactly 4 bytes, got 5");
        assertRejects("routers", "zz", false, "not valid hexadecimal");
        assertRejects("classless-static-route", "10.0.0.0/33 - 10.1.1.1", true, "outside 0..32");
        IllegalArgumentException noDef = assertThrows(IllegalArgumentException.class,
                () -> OptionDataEncoder.encode(null, "1", true));
        assertTrue(noDef.getMessage().contains("no definition"));
    }

    @Test
    void splitsCsvLikeKea() {
        assertEquals(List.of("a", "b,c", "d\\e"), OptionDataEncoder.splitCsv(" a ,b\\,c,,d\\\\e"));
        assertEquals(List.of(), OptionDataEncoder.splitCsv(""));
    }

    @Test
    void standardTableHasKeaNamesAndTypes() {
        OptionDefinitions defs = OptionDefinitions.standard();
        assertEquals("ipv4-address[]", defs.find("dhcp4", 3).get().typeText());
        assertEquals("record(uint8, uint8, uint8, fqdn)", defs.find("dhcp4", "fqdn").get().typeText());
        assertEquals("vendor-encapsulated-options-space", defs.find("dhcp4", 43).get().encapsulate());
        assertEquals("link-selection", defs.find("dhcp-agent-options-space", 5).get().name());
        assertEquals("tftp-servers", defs.find("vendor-4491", 2).get().name());
        assertTrue(defs.find("dhcp4", 80).isEmpty());
    }

    private static void assertRejects(String option, String data, boolean csv, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptionDataEncoder.encode(std(option), data, csv));
        assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
