package org.edgepki.tools.config.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The TOML writer and its self-check, which the importer relies on for every result. */
class LegacyTomlTextTest {

    @Test
    void every_control_character_quote_and_backslash_reads_back_unchanged() {
        StringBuilder nasty = new StringBuilder("\"quoted\" back\\slash '' \"\"\" ''' ");
        for (char c = 0; c < 0x20; c++) {
            nasty.append(c);
        }
        nasty.append('\u007f').append("é \uD83D\uDE00 \u2028 end");
        OrderedTomlTable table = new OrderedTomlTable().put("value", nasty.toString());

        String text = TomlText.write(table);

        assertEquals(1, text.lines().count(), text);
        TomlRoundTrip.verify(text, table);
        assertEquals(nasty.toString(), Toml.parse(text).getString("value"));
    }

    @Test
    void keys_that_are_not_bare_are_quoted_in_entries_and_headers() {
        OrderedTomlTable table = new OrderedTomlTable();
        table.put("a.b", "dotted").put("", "empty").put("with space", "s").put("quo\"te", "q");
        table.table("443/tcp").table("x.y").put("k", "v");

        String text = TomlText.write(table);
        TomlParseResult parsed = Toml.parse(text);

        TomlRoundTrip.verify(text, table);
        assertEquals("dotted", parsed.getString(List.of("a.b")));
        assertEquals("v", parsed.getString(List.of("443/tcp", "x.y", "k")));
        assertTrue(text.contains("[\"443/tcp\".\"x.y\"]"), text);
    }

    @Test
    void numbers_booleans_arrays_and_inline_tables_keep_their_types() {
        OrderedTomlTable table = new OrderedTomlTable()
                .put("long", Long.MIN_VALUE)
                .put("double", 6.02e23)
                .put("nan", Double.NaN)
                .put("inf", Double.NEGATIVE_INFINITY)
                .put("flag", true)
                .put("mixed", List.of(1L, "two", List.of(3.5), new OrderedTomlTable().put("k", "v")))
                .put("empty_list", List.of())
                .put("empty_inline", List.of(new OrderedTomlTable()));
        table.table("empty_section");

        String text = TomlText.write(table);

        TomlRoundTrip.verify(text, table);
        assertTrue(text.contains("[empty_section]"), text);
    }

    @Test
    void the_self_check_names_the_key_path_but_not_the_value_when_text_and_table_differ() {
        OrderedTomlTable table = new OrderedTomlTable();
        table.table("provisioning").put("connection_string", "SharedAccessKey=secret");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TomlRoundTrip.verify("[provisioning]\nconnection_string = \"SharedAccessKey=other\"\n", table));

        assertEquals("generated config.toml reads back differently at provisioning.connection_string", e.getMessage());
    }

    @Test
    void the_self_check_refuses_text_that_does_not_parse() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TomlRoundTrip.verify("key = \"secret\n", new OrderedTomlTable().put("key", "secret")));

        assertTrue(e.getMessage().startsWith("generated config.toml does not parse; errors at [1:"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void yaml_integer_and_float_spellings_become_toml_numbers() throws Exception {
        TomlParseResult toml = Toml.parse(LegacyConfigImport.convert("""
                provisioning:
                  device_connection_string: "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=a2V5"
                agent:
                  name: edgeAgent
                  type: docker
                  config:
                    image: agent
                    createOptions:
                      hex: 0x1F
                      octal: 017
                      underscored: 1_000_000
                      negative: -42
                      float: 1.5e3
                      infinite: .inf
                      quoted: "0x1F"
                      yes_flag: yes
                      empty: ''
                      dropped: ~
                """, "config.yaml").toml());

        assertEquals(31L, toml.getLong("agent.config.createOptions.hex"));
        assertEquals(15L, toml.getLong("agent.config.createOptions.octal"));
        assertEquals(1_000_000L, toml.getLong("agent.config.createOptions.underscored"));
        assertEquals(-42L, toml.getLong("agent.config.createOptions.negative"));
        assertEquals(1500.0, toml.getDouble("agent.config.createOptions.float"));
        assertEquals(Double.POSITIVE_INFINITY, toml.getDouble("agent.config.createOptions.infinite"));
        assertEquals("0x1F", toml.getString("agent.config.createOptions.quoted"));
        assertEquals(true, toml.getBoolean("agent.config.createOptions.yes_flag"));
        assertEquals("", toml.getString("agent.config.createOptions.empty"));
        assertFalse(toml.contains("agent.config.createOptions.dropped"));
    }

    @Test
    void an_integer_beyond_64_bits_is_refused_with_its_key_path() {
        LegacyConfigException e = assertThrows(LegacyConfigException.class, () -> LegacyConfigImport.convert("""
                provisioning:
                  device_connection_string: "HostName=h.azure-devices.net;DeviceId=d;SharedAccessKey=a2V5"
                agent:
                  name: edgeAgent
                  type: docker
                  config:
                    image: agent
                    createOptions:
                      HostConfig:
                        Memory: 99999999999999999999
                """, "config.yaml"));

        assertEquals("config.yaml:10:9 agent.config.createOptions.HostConfig.Memory: must be a whole number that"
                + " fits 64 bits (sexagesimal numbers are not supported)", e.getMessage());
    }
}
