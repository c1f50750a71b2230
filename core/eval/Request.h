// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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

    bool isRoot() const;
    /** For display: the ARN, the service name or "anonymous". */
    std::string display() const;
};

/**
 * The request context: condition keys and their values. Keys are case-insensitive (IAM's rule); a key can have
 * several values (multivalued keys such as kms:EncryptionContextKeys or aws:CalledVia).
 */
class RequestContext
{
public:
    void set(std::string_view key, std::string value);
    void set(std::string_view key, std::vector<std::string> values);
    void erase(std::string_view key);
    /** nullptr when the key is absent. */
    const std::vector<std::string>* find(std::string_view key) const;
    const std::vector<std::pair<std::string, std::vector<std::string>>>& entries() const { return m_entries; }

private:
    /** The values of the key, an empty list added for it when absent. */
    std::vector<std::string>& valuesOf(std::string_view key);

    std::vector<std::pair<std::string, std::vector<std::string>>> m_entries;
};

/** One request to the key: who, which action, on what, with which context. */
struct Request
{
    RequestPrincipal principal;
    std::string action; ///< "kms:Decrypt"
    int actionIndex = -1; ///< index into Vocabulary::actions() when the action is a KMS action (set by make())
    std::string resource; ///< the key ARN; empty when unknown (then it stands for "this key")
    RequestContext context;
    /// -1, or an id from PreparedPolicy::newContextId() of the policy it is evaluated against: the promise that
    /// every request evaluated with this id has the same context (the action and resource may differ), so that
    /// condition results are computed once per statement. Conditions read only the context.
    int contextId = -1;

    /**
     * A request with the context keys IAM always sets for the principal: aws:PrincipalArn, aws:PrincipalAccount
     * and kms:CallerAccount for IAM principals (the role ARN for a role session), aws:PrincipalIsAWSService for
     * all authenticated callers.
     */
    static Request make(RequestPrincipal principal, std::string action, std::string resource = {});
    /** Another action for the same caller, key and context (actionIndex follows). */
    void setAction(std::string_view newAction);
};

} // namespace kps::eval
