package io.sigil.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.GovernanceDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryDocument.OperatorDocument;
import io.sigil.registry.governance.Governance;

/**
 * Turns a {@link RegistryDocument} into a {@link Registry}, collecting every problem so an
 * operator fixes a registry in one pass. Keys are pinned here, so a malformed or duplicated key
 * is an error, never a warning.
 */
final class RegistryValidator {
    /** Shamir x-coordinates are encoded as u8-range indices in the protocol. */
    static final int MAX_COMMITTEES = 255;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final RegistryDocument document;
    private final String source;
    private final List<String> problems = new ArrayList<>();
    /** Every key seen so far and whose it is: no key may serve two nodes, or a node and an operator. */
    private final Map<PublicKeyBytes, String> keyOwners = new HashMap<>();

    RegistryValidator(RegistryDocument document, String source) {
        this.document = document;
        this.source = source;
    }

    Registry validate() throws RegistryException {
        String networkId = document.networkId();
        if (networkId == null || !IDENTIFIER.matcher(networkId).matches()) {
            problems.add("networkId must be 1-64 letters, digits, '.', '_' or '-' (got " + quote(networkId) + ")");
        }
        long epoch = document.epoch() == null ? -1 : document.epoch();
        if (epoch < 0) {
            problems.add("epoch must be a number >= 0 (got " + document.epoch() + ")");
        }
        Map<Integer, String> committeeNames = committees();
        List<NodeEntry> nodes = nodes(committeeNames.keySet());
        List<Committee> committees = assemble(committeeNames, nodes);
        int threshold = threshold(committees.size());
        Governance governance = governance();
        if (nodes.stream().noneMatch(node -> node.hasRole(Role.COMMUNICATION_MANAGER))) {
            problems.add("the registry has no communication-manager");
        }
        if (!problems.isEmpty()) {
            throw new RegistryException(source, problems);
        }
        return new Registry(networkId, epoch, threshold, committees, nodes, governance);
    }

    private Map<Integer, String> committees() {
        Map<Integer, String> names = new HashMap<>();
        List<CommitteeDocument> listed = document.committees() == null ? List.of() : document.committees();
        if (listed.isEmpty()) {
            problems.add("the registry lists no committees");
        }
        if (listed.size() > MAX_COMMITTEES) {
            problems.add("at most " + MAX_COMMITTEES + " committees are supported (got " + listed.size() + ")");
        }
        for (CommitteeDocument committee : listed) {
            Integer index = committee.index();
            if (index == null || index < 1 || index > listed.size()) {
                problems.add("committee index " + index + " is outside 1.." + listed.size()
                        + " (committees are numbered 1..n without gaps)");
            } else if (names.containsKey(index)) {
                problems.add("committee " + index + " is listed twice");
            } else {
                names.put(index, committee.name() == null ? "committee-" + index : committee.name());
            }
        }
        return names;
    }

    private List<NodeEntry> nodes(Set<Integer> committeeIndices) {
        List<NodeEntry> nodes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<NodeDocument> listed = document.nodes() == null ? List.of() : document.nodes();
        if (listed.isEmpty()) {
            problems.add("the registry lists no nodes");
        }
        for (NodeDocument node : listed) {
            String id = node.id();
            String where = "node " + quote(id);
            if (id == null || !IDENTIFIER.matcher(id).matches()) {
                problems.add(where + ": id must be 1-64 letters, digits, '.', '_' or '-'");
                continue;
            }
            if (!ids.add(id)) {
                problems.add("duplicate node id " + quote(id));
                continue;
            }
            Set<Role> roles = roles(node, where);
            Optional<Integer> committee = committee(node, roles, committeeIndices, where);
            URI url = url(node.url(), where);
            PublicKeyBytes identityKey = key(node.identityKey(), where, "identityKey (Ed25519)", "node " + quote(id));
            PublicKeyBytes encryptionKey = key(node.encryptionKey(), where, "encryptionKey (HPKE X25519)", "node " + quote(id));
            if (roles != null && url != null && identityKey != null && encryptionKey != null && committee != null) {
                nodes.add(new NodeEntry(id, roles, committee, url, identityKey, encryptionKey));
            }
        }
        return nodes;
    }

    private Set<Role> roles(NodeDocument node, String where) {
        if (node.roles() == null || node.roles().isEmpty()) {
            problems.add(where + ": has no roles");
            return null;
        }
        Set<Role> roles = new LinkedHashSet<>();
        for (String name : node.roles()) {
            Optional<Role> role = Role.fromWireName(name);
            if (role.isEmpty()) {
                problems.add(where + ": unknown role " + quote(name)
                        + " (known: signing-client, committee-leader, communication-manager)");
                return null;
            }
            roles.add(role.get());
        }
        return roles;
    }

    /** Returns null when invalid (a problem is recorded), empty for nodes outside committees. */
    private Optional<Integer> committee(NodeDocument node, Set<Role> roles, Set<Integer> committeeIndices, String where) {
        boolean needsCommittee = roles != null
                && (roles.contains(Role.SIGNING_CLIENT) || roles.contains(Role.COMMITTEE_LEADER));
        Integer committee = node.committee();
        if (committee == null) {
            if (needsCommittee) {
                problems.add(where + ": a signing-client or committee-leader must name its committee");
                return null;
            }
            return Optional.empty();
        }
        if (!committeeIndices.contains(committee)) {
            problems.add(where + ": committee " + committee + " is not listed in committees");
            return null;
        }
        return Optional.of(committee);
    }

    private URI url(String text, String where) {
        if (text == null || text.isBlank()) {
            problems.add(where + ": url is missing");
            return null;
        }
        try {
            URI url = new URI(text);
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                problems.add(where + ": url must be an absolute http(s) URL (got " + quote(text) + ")");
                return null;
            }
            return url;
        } catch (URISyntaxException malformed) {
            problems.add(where + ": url is malformed (" + malformed.getReason() + ")");
            return null;
        }
    }

    private PublicKeyBytes key(String hex, String where, String field, String owner) {
        if (hex == null || hex.isBlank()) {
            problems.add(where + ": " + field + " is missing");
            return null;
        }
        try {
            PublicKeyBytes key = PublicKeyBytes.fromHex(hex);
            String earlier = keyOwners.putIfAbsent(key, owner);
            if (earlier != null) {
                problems.add(where + ": " + field + " is the same key as " + earlier
                        + "'s (every key must be its holder's own)");
            }
            return key;
        } catch (IllegalArgumentException malformed) {
            problems.add(where + ": " + field + " is malformed (" + malformed.getMessage() + ")");
            return null;
        }
    }

    /** Returns null when invalid (the problems are recorded). */
    private Governance governance() {
        GovernanceDocument governance = document.governance();
        if (governance == null) {
            problems.add("governance is missing (the operators' keys and quorum that approve the next registry)");
            return null;
        }
        List<OperatorDocument> listed = governance.operators() == null ? List.of() : governance.operators();
        if (listed.isEmpty()) {
            problems.add("governance lists no operators");
        }
        List<Governance.Operator> operators = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (OperatorDocument operator : listed) {
            String where = "governance operator " + quote(operator.id());
            if (operator.id() == null || !IDENTIFIER.matcher(operator.id()).matches()) {
                problems.add(where + ": id must be 1-64 letters, digits, '.', '_' or '-'");
                continue;
            }
            if (!ids.add(operator.id())) {
                problems.add("duplicate governance operator id " + quote(operator.id()));
                continue;
            }
            PublicKeyBytes key = key(operator.key(), where, "key (Ed25519)", "operator " + quote(operator.id()));
            if (key != null) {
                operators.add(new Governance.Operator(operator.id(), key));
            }
        }
        Integer quorum = governance.quorum();
        if (quorum == null || quorum < 1 || quorum > listed.size()) {
            problems.add("governance quorum " + quorum + " is outside 1.." + listed.size()
                    + " (the number of operators)");
            return null;
        }
        return new Governance(quorum, operators);
    }

    private List<Committee> assemble(Map<Integer, String> names, List<NodeEntry> nodes) {
        List<Committee> committees = new ArrayList<>();
        for (int index = 1; index <= names.size(); index++) {
            final int committeeIndex = index;
            List<NodeEntry> signers = nodes.stream()
                    .filter(node -> node.inCommittee(committeeIndex) && node.hasRole(Role.SIGNING_CLIENT)).toList();
            List<NodeEntry> leaders = nodes.stream()
                    .filter(node -> node.inCommittee(committeeIndex) && node.hasRole(Role.COMMITTEE_LEADER)).toList();
            if (signers.isEmpty()) {
                problems.add("committee " + index + " has no signing-client nodes");
            }
            if (leaders.isEmpty()) {
                problems.add("committee " + index + " has no committee-leader");
            }
            committees.add(new Committee(index, names.getOrDefault(index, "committee-" + index), signers, leaders));
        }
        return committees;
    }

    private int threshold(int committeeCount) {
        Integer threshold = document.threshold();
        if (threshold == null) {
            problems.add("threshold is missing");
            return 0;
        }
        if (threshold < 1 || threshold > committeeCount) {
            problems.add("threshold " + threshold + " is outside 1.." + committeeCount + " (n = number of committees)");
        } else if (threshold == 1) {
            problems.add("threshold 1 would hand every committee the whole key; use 2 <= t <= n");
        }
        return threshold;
    }

    private static String quote(String value) {
        return value == null ? "(missing)" : "'" + value + "'";
    }
}
