package io.sigil.wire.keygen;

/** A node's answer to a delivery: exactly one of an acknowledgement and a complaint. */
public record DkgDeliveryAnswer(DkgAck ack, DkgComplaint complaint) {
    public static DkgDeliveryAnswer acknowledged(DkgAck ack) {
        return new DkgDeliveryAnswer(ack, null);
    }

    public static DkgDeliveryAnswer complained(DkgComplaint complaint) {
        return new DkgDeliveryAnswer(null, complaint);
    }
}
