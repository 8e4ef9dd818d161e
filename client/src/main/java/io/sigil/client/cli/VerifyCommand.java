package io.sigil.client.cli;

import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignatureCheck;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil verify}: checks a 65-byte {@code r‖s‖v} secp256k1 signature offline, against a
 * public key or an Ethereum address: ECDSA verification with Bouncy Castle, and recovery of the
 * public key with {@code v} (what Ethereum's {@code ecrecover} does). Exit 0 when valid, 1 when the
 * signature is invalid, 2 when the input is malformed (not hex, wrong length, a mistyped address).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a 65-byte r||s||v signature against an address or a public key (offline).")
final class VerifyCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Signer signer;

    static final class Signer {
        @Option(names = "--address", paramLabel = "ADDRESS", description = "The signer's Ethereum address.")
        String address;

        @Option(names = "--public-key", paramLabel = "HEX", description = "The signer's secp256k1 public key, "
                + "33-byte compressed or 65-byte uncompressed hex.")
        String publicKey;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    MessageOptions message;

    @Option(names = "--signature", paramLabel = "HEX", required = true, description = "65 bytes r||s||v (v 27/28 or 0/1) hex.")
    String signature;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        byte[] digest;
        byte[] signatureBytes;
        byte[] address;
        Point publicKey;
        try {
            digest = message.input().digest();
            signatureBytes = WireFields.hex("--signature", signature, EcdsaSignature.RECOVERABLE_LENGTH);
            address = signer.address == null ? null : address(signer.address);
            publicKey = signer.publicKey == null ? null : publicKey(signer.publicKey);
        } catch (IllegalArgumentException malformed) {
            // malformed input is not an invalid signature: a script must be able to tell them apart
            throw new UsageException(malformed.getMessage());
        }
        SignatureCheck.Verdict verdict;
        try {
            EcdsaSignature parsed = EcdsaSignature.parse65(signatureBytes);
            verdict = address != null
                    ? SignatureCheck.againstAddress(parsed, address, digest)
                    : SignatureCheck.againstPublicKey(parsed, publicKey, digest);
        } catch (InvalidEncodingException malformed) {
            verdict = new SignatureCheck.Verdict(false, malformed.getMessage(), null, null, false);
        }
        print(digest, verdict);
        return verdict.valid() ? 0 : 1;
    }

    private static byte[] address(String text) {
        byte[] bytes;
        try {
            bytes = EthereumAddress.parse(text);
        } catch (InvalidEncodingException malformed) {
            throw new IllegalArgumentException("--address is not an Ethereum address (0x and 40 hex digits)");
        }
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        boolean mixedCase = !digits.equals(digits.toLowerCase(java.util.Locale.ROOT))
                && !digits.equals(digits.toUpperCase(java.util.Locale.ROOT));
        if (mixedCase && !EthereumAddress.fromAddressBytes(bytes).substring(2).equals(digits)) {
            throw new IllegalArgumentException("--address " + text + " has a wrong EIP-55 checksum (mistyped?)");
        }
        return bytes;
    }

    private static Point publicKey(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            return Point.decodeAny(HexFormat.of().parseHex(digits));
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("--public-key is not a secp256k1 public key (33 or 65 bytes hex)");
        }
    }

    private void print(byte[] digest, SignatureCheck.Verdict verdict) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("valid", verdict.valid());
            result.put("messageHash", WireFields.toHex(digest));
            result.put("recoveredAddress", verdict.recoveredAddress());
            result.put("recoveredPublicKey", verdict.recoveredKey() == null ? null : WireFields.pointHex(verdict.recoveredKey()));
            result.put("lowS", verdict.lowS());
            result.put("reason", verdict.reason());
            out.println(Json.write(result));
        } else if (verdict.valid()) {
            out.println("valid: signed by " + verdict.recoveredAddress());
            out.println("messageHash: " + WireFields.toHex(digest));
            out.println("public key:  " + WireFields.pointHex(verdict.recoveredKey()));
            if (!verdict.lowS()) {
                out.println("note: s is high; Ethereum transactions (EIP-2) require low s");
            }
        } else {
            out.println("invalid: " + verdict.reason());
            out.println("messageHash: " + WireFields.toHex(digest));
        }
        out.flush();
    }
}
