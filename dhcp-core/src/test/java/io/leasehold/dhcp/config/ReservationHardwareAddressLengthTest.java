package io.leasehold.dhcp.config;

import io.leasehold.dhcp.lease.HardwareAddress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reservations take hardware addresses up to 20 bytes, Kea's limit (issue #21); 21 are refused with the path. */
class ReservationHardwareAddressLengthTest {
    private static String config(int bytes) {
        StringBuilder hw = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            hw.append(i == 0 ? "" : ":").append(String.format("%02x", i + 1));
        }
        return """
                { "Dhcp4": { "subnet4": [ { "id": 1, "subnet": "192.0.2.0/24",
                    "reservations": [ { "hw-address": "%s", "ip-address": "192.0.2.10" } ] } ] } }
                """.formatted(hw);
    }

    @Test
    void twentyByteHardwareAddressesAreAccepted() throws Exception {
        KeaConfig c = KeaConfigLoader.parse(config(20), "t");
        assertEquals(1, c.subnets().get(0).reservations().size());
        assertEquals(20, HardwareAddress.parse("01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13:14").length());
    }

    @Test
    void twentyOneBytesAreRefusedWithTheirPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> KeaConfigLoader.parse(config(21), "t"));
        assertTrue(e.getMessage().contains("Dhcp4/subnet4[0]/reservations[0]/hw-address"), e.getMessage());
    }
}
