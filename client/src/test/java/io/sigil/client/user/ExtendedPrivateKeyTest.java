package io.sigil.client.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hd.Base58Check;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code sigil user new --import-xprv}: reading a BIP32 extended private key (docs/keygen.md §4.1). */
class ExtendedPrivateKeyTest {
    // BIP32 test vector 1, chain m: the published xprv and xpub of one key
    private static final String VECTOR_1_XPRV =
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    private static final String VECTOR_1_XPUB =
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";

    @Test
    void theKeyAndChainCodeAreThoseOfThePublishedExtendedPublicKey() {
        ExtendedPrivateKey imported = ExtendedPrivateKey.parse(VECTOR_1_XPRV);
        byte[] xpub = Base58Check.decode(VECTOR_1_XPUB, 78);

        assertThat(imported.chainCode()).isEqualTo(Arrays.copyOfRange(xpub, 13, 45))
                .isEqualTo(HexFormat.of().parseHex("873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508"));
        assertThat(Point.baseMultiply(imported.key())).isEqualTo(Point.decode(Arrays.copyOfRange(xpub, 45, 78)));
        assertThat(imported.toString()).doesNotContain("873dff").contains("redacted");
    }

    @Test
    void anXpubATypoAndAnotherLengthAreRefusedWithoutEchoingTheText() {
        assertThatThrownBy(() -> ExtendedPrivateKey.parse(VECTOR_1_XPUB)).hasMessageContaining("not an extended private key");
        String typo = VECTOR_1_XPRV.substring(0, 40) + (VECTOR_1_XPRV.charAt(40) == 'a' ? 'b' : 'a')
                + VECTOR_1_XPRV.substring(41);
        assertThatThrownBy(() -> ExtendedPrivateKey.parse(typo)).hasMessageContaining("checksum")
                .hasMessageNotContaining(VECTOR_1_XPRV.substring(0, 20));
        assertThatThrownBy(() -> ExtendedPrivateKey.parse(VECTOR_1_XPRV.substring(1))).hasMessageContaining("bytes");
        assertThatThrownBy(() -> ExtendedPrivateKey.parse(VECTOR_1_XPRV.replace('0', 'O').replace('Q', '0')))
                .hasMessageContaining("not Base58");
    }
}
