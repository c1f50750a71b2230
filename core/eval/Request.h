// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kps::eval {

/** What kind of caller a request comes from. */
enum class PrincipalKind {
    Aws, ///< an IAM principal or the account root user (arn:PARTITION:iam::ACCOUNT:...)
    Service, ///< an AWS service principal (logs.us-west-2.amazonaws.com)
    Anonymous, ///< an unauthenticated caller: only "*" matches it
};

/**
 * The caller of one request. An IAM role or user is named by its ARN; a role session may be given by its
 * assumed-role ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) and then matches the role's ARN in a policy.
 */
struct RequestPrincipal
{
    PrincipalKind kind = PrincipalKind::Anonymous;
    std::string arn; ///< Aws only
    std::string account; ///< Aws only: 12 digits, from the ARN
    std::string partition; ///< Aws only: from the ARN
    std::string service; ///< Service only
    bool root = false; ///< Aws: the account root user (set by the factories)
    std::string sessionRoleName; ///< Aws: for an assumed-role session, its role's name (set by the factories)

    /** An IAM principal from its ARN (account and partition are read from the ARN). */
    static RequestPrincipal aws(std::string_view arn);
    /** The account root user arn:PARTITION:iam::ACCOUNT:root. */
    static RequestPrincipal accountRoot(std::string_view account, std::string_view partition = "aws");
    static RequestPrincipal servicePrincipal(std::string_view name);
    static RequestPrincipal anonymous() { return {}; }
    /**
     * An IAM role or user that no policy names by its ARN: of `account` (12 digits), or, with an empty account, of
     * an account no policy names either. Its ARN is empty and matches no ARN entry; an account principal matches it
     * (through IAM) only when `account` is that account. Its requests know no aws:PrincipalArn (the caller leaves
     * the key Unknown): this is "any principal of the account" of the access summary.
     */
    static RequestPrincipal unnamedIamPrincipal(std::string_view account = {}, std::string_view partition = {});

    bool isRoot() const;
    /** For display: the ARN, the service name, "anonymous", or for unnamedIamPrincipal() what it stands for. */
    std::string display() const;
};

/** What the evaluator knows about one context key of a request. */
enum class KeyState {
    Known, ///< present, with known values
    Absent, ///< certainly not in the request
    Unknown, ///< may be present or not, value unknown: conditions on it make the answer "depends"
};

/**
 * The keys a request of an AWS service principal (the service calling on its own behalf, logs.REGION.amazonaws.com)
 * never carries: the caller's IAM identity and session (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID,
 * aws:PrincipalTag/..., aws:userid, ...), kms:ViaService and the VPC keys. Patterns for RequestContext::declareAbsent
 * (a trailing '*' names a prefix); a static table. docs/mwaa.md, "What each party's requests carry".
 */
std::span<const std::string_view> serviceCallerAbsentKeys();

/**
 * The request context: condition keys and their values. Keys are case-insensitive (IAM's rule); a key can have
 * several values (multivalued keys such as kms:EncryptionContextKeys or aws:CalledVia).
 *
 * A context is closed by default: a key that was not set is absent. A context of a request whose full context
 * is not documented (what CloudWatch Logs sends, what MWAA sends on the creator's behalf) is opened with
 * setOpenWorld(true): then a key that was neither set nor declared absent (declareAbsent) is Unknown, and so is a
 * key given to setUnknown(). The evaluator never resolves an Unknown key either way: it answers "depends".
 */
class RequestContext
{
public:
    void set(std::string_view key, std::string value);
    void set(std::string_view key, std::vector<std::string> values);
    void erase(std::string_view key);
    /** nullptr when the key is not known to be present (absent or unknown: see state()). */
    const std::vector<std::string>* find(std::string_view key) const;
    const std::vector<std::pair<std::string, std::vector<std::string>>>& entries() const { return m_entries; }

    /**
     * The keys IAM puts in every request of an authenticated caller, answered without storing them (the MWAA profile
     * makes many requests, and each stored key costs allocations): aws:SecureTransport "true" (KMS has HTTPS
     * endpoints only), aws:ViaAWSService "false" (a direct call), aws:PrincipalIsAWSService, and for a service
     * principal aws:PrincipalServiceName. set() overrides them, erase() and setUnknown() remove them.
     * Request::make turns them on; a bare context has none.
     */
    void setCallerDefaults(bool servicePrincipal, std::string serviceName = {});

    /** The key's value is not known (it may be absent too). Removes a known value. */
    void setUnknown(std::string_view key);
    /** Keys neither set nor declared absent are Unknown (true) or Absent (false, the default). */
    void setOpenWorld(bool open) { m_openWorld = open; }
    /**
     * In an open world: the key is certainly not in the request. A pattern ending in '*' names a key prefix. The
     * pattern is kept as a view: it must outlive the context (a literal; the profile declares dozens per request).
     */
    void declareAbsent(std::string_view keyOrPrefix);
    /** declareAbsent() for each pattern of a list that outlives the context (a static table: no copy is made). */
    void declareAbsent(std::span<const std::string_view> keysOrPrefixes);
    KeyState state(std::string_view key) const;

private:
    /** The values of the key, an empty list added for it when absent. */
    std::vector<std::string>& valuesOf(std::string_view key);

    std::vector<std::pair<std::string, std::vector<std::string>>> m_entries;
    std::vector<std::string> m_unknown; ///< setUnknown()
    /// declareAbsent(): patterns (a trailing '*' makes a prefix), one by one and as static tables
    std::vector<std::string_view> m_absent;
    std::vector<std::span<const std::string_view>> m_absentTables;
    bool m_defaults = false; ///< setCallerDefaults()
    bool m_servicePrincipal = false;
    std::vector<std::string> m_serviceName; ///< aws:PrincipalServiceName's value, when a service principal
    unsigned m_removedDefaults = 0; ///< bit i: default i of kDefaultKeys erased
    bool m_openWorld = false;
};

/**
 * What is known of the key's ARN when the request's resource is not given in full: arn:PARTITION:kms:REGION:
 * ACCOUNT:key/ID with the fields that are known (empty: unknown). The key id is never known here.
 */
struct KeyArnHint
{
    std::string partition;
    std::string region;
    std::string account;
};

/** One request to the key: who, which action, on what, with which context. */
struct Request
{
    RequestPrincipal principal;
    std::string action; ///< "kms:Decrypt"
    int actionIndex = -1; ///< index into Vocabulary::actions() when the action is a KMS action (set by make())
    std::string resource; ///< the key ARN; empty when unknown (then it stands for "this key", see keyArn)
    /// When resource is empty: the known fields of the key's ARN. A Resource pattern that matches every key ARN
    /// with these fields matches, one that matches none (an alias ARN, another region or account) does not, and
    /// any other makes the statement's answer depend on the key's ARN.
    KeyArnHint keyArn;
    RequestContext context;
    /// -1, or an id from PreparedPolicy::newContextId() of the policy it is evaluated against: the promise that
    /// every request evaluated with this id has the same context (the action and resource may differ), so that
    /// condition results are computed once per statement. Conditions read only the context.
    int contextId = -1;

    /**
     * A request with the context keys IAM always sets for the principal: aws:PrincipalArn, aws:PrincipalAccount
     * and kms:CallerAccount for IAM principals (the role ARN for a role session), aws:PrincipalIsAWSService for
     * all authenticated callers; aws:ViaAWSService false and aws:SecureTransport true for every request, and
     * aws:RequestedRegion when the resource is an ARN.
     */
    static Request make(RequestPrincipal principal, std::string action, std::string resource = {});
    /** Another action for the same caller, key and context (actionIndex follows). */
    void setAction(std::string_view newAction);
};

} // namespace kps::eval
