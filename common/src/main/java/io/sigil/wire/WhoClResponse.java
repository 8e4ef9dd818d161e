package io.sigil.wire;

import java.util.List;

import io.sigil.registry.Committee;
import io.sigil.registry.Registry;

/**
 * {@code GET /v1/who_cl}: every committee with its leader(s) and signing nodes, the number of
 * committees {@code n} and the network's default threshold. Computed from the registry only.
 */
public record WhoClResponse(String networkId, long epoch, int n, int threshold, List<CommitteeView> committees) {

    public record CommitteeView(int index, String name, List<NodeView> leaders, List<NodeView> nodes) {
        static CommitteeView of(Committee committee) {
            return new CommitteeView(committee.index(), committee.name(),
                    committee.leaders().stream().map(NodeView::of).toList(),
                    committee.signingNodes().stream().map(NodeView::of).toList());
        }
    }

    public static WhoClResponse of(Registry registry) {
        return new WhoClResponse(registry.networkId(), registry.epoch(), registry.committeeCount(),
                registry.threshold(), registry.committees().stream().map(CommitteeView::of).toList());
    }
}
