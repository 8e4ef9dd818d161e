package io.sigil.wire;

import java.util.List;

import io.sigil.registry.Committee;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.RegistryChain;

/**
 * {@code GET /v1/who_cl}: the registry chain from genesis to the current epoch (exact registry
 * bytes and operators' approvals), which a client verifies against its network pin and takes
 * every key and URL from. The other fields summarise the answering node's registry for people
 * reading the answer; they are whatever that node says, so the SDK never reads them.
 */
public record WhoClResponse(String networkId, long epoch, int n, int threshold, List<CommitteeView> committees,
                            RegistryChain registryChain) {

    public record CommitteeView(int index, String name, List<NodeView> leaders, List<NodeView> nodes) {
        public static CommitteeView of(Committee committee) {
            return new CommitteeView(committee.index(), committee.name(),
                    committee.leaders().stream().map(NodeView::of).toList(),
                    committee.signingNodes().stream().map(NodeView::of).toList());
        }
    }

    public static WhoClResponse of(Registry registry, RegistryChain chain) {
        return new WhoClResponse(registry.networkId(), registry.epoch(), registry.committeeCount(),
                registry.threshold(), registry.committees().stream().map(CommitteeView::of).toList(), chain);
    }
}
