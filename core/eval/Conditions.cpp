// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/eval/Conditions.h"

#include "core/eval/Arn.h"
#include "core/vocab/PolicyVariables.h"
#include "core/vocab/Vocabulary.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kps::eval {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

/**
 * The value one well-formed variable stands for; nullopt when it cannot be resolved. A key whose state is Unknown is
 * never replaced by its default (the default applies only when the key is absent): *unknownKey names it. A key with
 * several values cannot be substituted (IAM: a multivalued key is no policy variable).
 */
std::optional<std::string>
resolveVariable(const PolicyVariable& variable, const RequestContext& context, std::string* unknownKey)
{
    if (variable.isSpecialCharacter()) {
        return std::string(variable.name);
    }
    if (const auto* values = context.find(variable.name); values && !values->empty()) {
        if (values->size() == 1) {
            return values->front();
        }
        return std::nullopt;
    }
    if (context.state(variable.name) == KeyState::Unknown) {
        if (unknownKey) {
            *unknownKey = std::string(variable.name);
        }
        return std::nullopt;
    }
    if (variable.hasDefault) {
        return variable.unescapedDefault();
    }
    return std::nullopt;
}

/** Appends substituted text; in a pattern its '*', '?' and marks are literal characters (kLiteralMark before each). */
void appendSubstituted(std::string& out, std::string_view text, bool pattern)
{
    if (!pattern) {
        out.append(text);
        return;
    }
    for (const char c : text) {
        if (c == '*' || c == '?' || c == kLiteralMark) {
            out.push_back(kLiteralMark);
        }
        out.push_back(c);
    }
}

int compareNumbers(double a, double b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

std::optional<bool> parseBool(std::string_view s)
{
    if (equalsIgnoreCase(s, "true")) {
        return true;
    }
    if (equalsIgnoreCase(s, "false")) {
        return false;
    }
    return std::nullopt;
}

/** Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool readFixed(std::string_view s, std::size_t pos, std::size_t n, int& out)
{
    if (pos + n > s.size()) {
        return false;
    }
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!isDigit(s[i])) {
            return false;
        }
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

bool parseIpv4(std::string_view s, unsigned char* out)
{
    int part = 0;
    std::size_t pos = 0;
    for (; part < 4; ++part) {
        if (part > 0) {
            if (pos >= s.size() || s[pos] != '.') {
                return false;
            }
            ++pos;
        }
        std::size_t digits = 0;
        int value = 0;
        while (pos < s.size() && isDigit(s[pos]) && digits < 3) {
            value = value * 10 + (s[pos] - '0');
            ++pos;
            ++digits;
        }
        if (digits == 0 || value > 255) {
            return false;
        }
        out[part] = static_cast<unsigned char>(value);
    }
    return pos == s.size();
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/** Parses the groups of one side of "::" into 16-bit words; an IPv4 tail counts as two words. */
bool parseIpv6Groups(std::string_view s, std::vector<unsigned>& words, bool allowV4Tail)
{
    if (s.empty()) {
        return true;
    }
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = s.find(':', start);
        const std::string_view group = s.substr(start, colon == std::string_view::npos ? s.npos : colon - start);
        if (colon == std::string_view::npos && allowV4Tail && group.find('.') != std::string_view::npos) {
            unsigned char v4[4];
            if (!parseIpv4(group, v4)) {
                return false;
            }
            words.push_back(static_cast<unsigned>(v4[0] << 8 | v4[1]));
            words.push_back(static_cast<unsigned>(v4[2] << 8 | v4[3]));
            return true;
        }
        if (group.empty() || group.size() > 4) {
            return false;
        }
        unsigned word = 0;
        for (char c : group) {
            const int h = hexValue(c);
            if (h < 0) {
                return false;
            }
            word = word * 16 + static_cast<unsigned>(h);
        }
        words.push_back(word);
        if (colon == std::string_view::npos) {
            return true;
        }
        start = colon + 1;
    }
}

bool parseIpv6(std::string_view s, unsigned char* out)
{
    std::vector<unsigned> head;
    std::vector<unsigned> tail;
    const std::size_t gap = s.find("::");
    if (gap != std::string_view::npos) {
        if (s.find("::", gap + 1) != std::string_view::npos) {
            return false;
        }
        if (!parseIpv6Groups(s.substr(0, gap), head, false) || !parseIpv6Groups(s.substr(gap + 2), tail, true)) {
            return false;
        }
        if (head.size() + tail.size() > 7) {
            return false;
        }
    } else {
        if (!parseIpv6Groups(s, head, true) || head.size() != 8) {
            return false;
        }
    }
    std::vector<unsigned> words = head;
    words.resize(8 - tail.size(), 0);
    words.insert(words.end(), tail.begin(), tail.end());
    for (std::size_t i = 0; i < 8; ++i) {
        out[2 * i] = static_cast<unsigned char>(words[i] >> 8);
        out[2 * i + 1] = static_cast<unsigned char>(words[i] & 0xff);
    }
    return true;
}

} // namespace

std::optional<std::string> substituteVariables(std::string_view value, const RequestContext& context)
{
    return substituteVariables(value, context, nullptr);
}

std::optional<std::string>
substituteVariables(std::string_view value, const RequestContext& context, std::string* unknownKey, bool pattern)
{
    std::string out;
    std::size_t pos = 0;
    std::size_t copied = 0;
    PolicyVariable variable;
    while (nextPolicyVariable(value, pos, variable)) {
        out.append(value.substr(copied, variable.offset - copied));
        if (variable.problem != VariableProblem::None) {
            return std::nullopt;
        }
        const auto resolved = resolveVariable(variable, context, unknownKey);
        if (!resolved) {
            return std::nullopt;
        }
        appendSubstituted(out, *resolved, pattern);
        copied = variable.offset + variable.length;
    }
    out.append(value.substr(copied));
    return out;
}

bool wildcardMatchMarked(std::string_view pattern, std::string_view text)
{
    // The glob match of wildcardMatch() (iterative, backtracking to the last '*'), reading kLiteralMark + c as the
    // literal character c.
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    while (t < text.size()) {
        const bool marked = p + 1 < pattern.size() && pattern[p] == kLiteralMark;
        const std::size_t width = marked ? 2 : 1;
        const char c = p < pattern.size() ? pattern[p + (marked ? 1 : 0)] : '\0';
        if (p < pattern.size() && ((!marked && c == '?') || ((marked || c != '*') && c == text[t]))) {
            p += width;
            ++t;
        } else if (p < pattern.size() && !marked && c == '*') {
            starP = p++;
            starT = t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

std::optional<double> parseNumber(std::string_view text)
{
    text = trim(text);
    if (text.empty()) {
        return std::nullopt;
    }
    if (text.front() == '+') {
        text.remove_prefix(1);
    }
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::string formatIsoDate(std::int64_t seconds)
{
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    char buffer[96]; // room for any 64-bit year: the compiler cannot tell the values stay small
    std::snprintf(buffer,
                  sizeof buffer,
                  "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y + (m <= 2 ? 1 : 0)),
                  m,
                  d,
                  static_cast<long long>(rest / 3600),
                  static_cast<long long>(rest / 60 % 60),
                  static_cast<long long>(rest % 60));
    return buffer;
}

std::optional<std::int64_t> parseDate(std::string_view s)
{
    s = trim(s);
    if (s.empty()) {
        return std::nullopt;
    }
    bool allDigits = true;
    for (char c : s) {
        allDigits = allDigits && isDigit(c);
    }
    if (allDigits) { // epoch seconds
        if (s.size() > 12) {
            return std::nullopt;
        }
        std::int64_t seconds = 0;
        std::from_chars(s.data(), s.data() + s.size(), seconds);
        return seconds * 1000;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    if (!readFixed(s, 0, 4, year) || s.size() < 10 || s[4] != '-' || !readFixed(s, 5, 2, month) || s[7] != '-'
        || !readFixed(s, 8, 2, day)) {
        return std::nullopt;
    }
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1]) {
        return std::nullopt;
    }
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && day == 29 && !leap) {
        return std::nullopt;
    }
    std::int64_t millis = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400000;
    std::size_t pos = 10;
    if (pos == s.size()) {
        return millis;
    }
    if (s[pos] != 'T' && s[pos] != 't') {
        return std::nullopt;
    }
    ++pos;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!readFixed(s, pos, 2, hour) || pos + 2 >= s.size() || s[pos + 2] != ':' || !readFixed(s, pos + 3, 2, minute)) {
        return std::nullopt;
    }
    pos += 5;
    if (pos < s.size() && s[pos] == ':') {
        if (!readFixed(s, pos + 1, 2, second)) {
            return std::nullopt;
        }
        pos += 3;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            int fraction = 0;
            int scale = 100;
            const std::size_t begin = pos;
            while (pos < s.size() && isDigit(s[pos])) {
                fraction += (s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == begin) {
                return std::nullopt;
            }
            millis += fraction;
        }
    }
    if (hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    millis += (static_cast<std::int64_t>(hour) * 3600 + minute * 60 + second) * 1000;
    if (pos == s.size() || ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size())) {
        return millis;
    }
    if (s[pos] == '+' || s[pos] == '-') {
        const int sign = s[pos] == '+' ? 1 : -1;
        int offH = 0;
        int offM = 0;
        if (!readFixed(s, pos + 1, 2, offH)) {
            return std::nullopt;
        }
        std::size_t next = pos + 3;
        if (next < s.size() && s[next] == ':') {
            ++next;
        }
        if (!readFixed(s, next, 2, offM) || next + 2 != s.size() || offH > 23 || offM > 59) {
            return std::nullopt;
        }
        return millis - sign * (static_cast<std::int64_t>(offH) * 3600 + offM * 60) * 1000;
    }
    return std::nullopt;
}

std::optional<IpNetwork> parseIpNetwork(std::string_view text)
{
    text = trim(text);
    IpNetwork net;
    std::string_view address = text;
    int prefix = -1;
    if (const std::size_t slash = text.find('/'); slash != std::string_view::npos) {
        address = text.substr(0, slash);
        const std::string_view p = text.substr(slash + 1);
        if (p.empty() || p.size() > 3) {
            return std::nullopt;
        }
        int value = 0;
        for (char c : p) {
            if (!isDigit(c)) {
                return std::nullopt;
            }
            value = value * 10 + (c - '0');
        }
        prefix = value;
    }
    if (address.find(':') != std::string_view::npos) {
        net.v6 = true;
        if (!parseIpv6(address, net.bytes)) {
            return std::nullopt;
        }
    } else if (!parseIpv4(address, net.bytes)) {
        return std::nullopt;
    }
    const int maxPrefix = net.v6 ? 128 : 32;
    if (prefix > maxPrefix) {
        return std::nullopt;
    }
    net.prefix = prefix < 0 ? maxPrefix : prefix;
    return net;
}

bool ipInNetwork(std::string_view network, std::string_view address)
{
    const auto net = parseIpNetwork(network);
    const auto ip = parseIpNetwork(address);
    if (!net || !ip || net->v6 != ip->v6) {
        return false;
    }
    int bits = net->prefix;
    for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
        const unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
        if ((net->bytes[i] & mask) != (ip->bytes[i] & mask)) {
            return false;
        }
    }
    return true;
}

std::optional<std::string> decodeBase64(std::string_view text)
{
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+' || c == '-') {
            return 62;
        }
        if (c == '/' || c == '_') {
            return 63;
        }
        return -1;
    };
    while (!text.empty() && text.back() == '=') {
        text.remove_suffix(1);
    }
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value(c);
        if (v < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xffu));
        }
    }
    return out;
}

Comparison comparisonOf(std::string_view baseOperator)
{
    std::string positive(baseOperator);
    if (const std::size_t pos = positive.find("Not"); pos != std::string::npos) {
        positive.erase(pos, 3);
    }
    static constexpr std::pair<std::string_view, Comparison> kTable[] = {
        {"StringEquals", Comparison::StringEquals},
        {"StringEqualsIgnoreCase", Comparison::StringEqualsIgnoreCase},
        {"StringLike", Comparison::StringLike},
        {"ArnEquals", Comparison::Arn},
        {"ArnLike", Comparison::Arn},
        {"Bool", Comparison::Bool},
        {"BinaryEquals", Comparison::Binary},
        {"IpAddress", Comparison::IpAddress},
        {"NumericEquals", Comparison::NumericEquals},
        {"NumericLessThan", Comparison::NumericLessThan},
        {"NumericLessThanEquals", Comparison::NumericLessThanEquals},
        {"NumericGreaterThan", Comparison::NumericGreaterThan},
        {"NumericGreaterThanEquals", Comparison::NumericGreaterThanEquals},
        {"DateEquals", Comparison::DateEquals},
        {"DateLessThan", Comparison::DateLessThan},
        {"DateLessThanEquals", Comparison::DateLessThanEquals},
        {"DateGreaterThan", Comparison::DateGreaterThan},
        {"DateGreaterThanEquals", Comparison::DateGreaterThanEquals},
        {"Null", Comparison::Null},
    };
    for (const auto& [name, comparison] : kTable) {
        if (positive == name) {
            return comparison;
        }
    }
    return Comparison::Unknown;
}

namespace {

/** -1, 0, 1 for an ordered comparison of request against policy value; nullopt when either is malformed. */
std::optional<int> orderNumbers(std::string_view policyValue, std::string_view requestValue)
{
    const auto p = parseNumber(policyValue);
    const auto r = parseNumber(requestValue);
    if (!p || !r) {
        return std::nullopt;
    }
    return compareNumbers(*r, *p);
}

std::optional<int> orderDates(std::string_view policyValue, std::string_view requestValue)
{
    const auto p = parseDate(policyValue);
    const auto r = parseDate(requestValue);
    if (!p || !r) {
        return std::nullopt;
    }
    return *r < *p ? -1 : (*r > *p ? 1 : 0);
}

} // namespace

bool compare(Comparison comparison, std::string_view policyValue, std::string_view requestValue)
{
    std::optional<int> order;
    switch (comparison) {
    case Comparison::StringEquals:
        return policyValue == requestValue;
    case Comparison::StringEqualsIgnoreCase:
        return equalsIgnoreCase(policyValue, requestValue);
    case Comparison::StringLike:
        return wildcardMatch(policyValue, requestValue, false);
    case Comparison::Arn:
        return matchArn(policyValue, requestValue);
    case Comparison::Bool: {
        const auto p = parseBool(policyValue);
        const auto r = parseBool(requestValue);
        return p && r && *p == *r;
    }
    case Comparison::Binary: {
        const auto p = decodeBase64(policyValue);
        const auto r = decodeBase64(requestValue);
        return (p && r) ? *p == *r : policyValue == requestValue;
    }
    case Comparison::IpAddress:
        return ipInNetwork(policyValue, requestValue);
    case Comparison::NumericEquals:
        order = orderNumbers(policyValue, requestValue);
        return order && *order == 0;
    case Comparison::NumericLessThan:
        order = orderNumbers(policyValue, requestValue);
        return order && *order < 0;
    case Comparison::NumericLessThanEquals:
        order = orderNumbers(policyValue, requestValue);
        return order && *order <= 0;
    case Comparison::NumericGreaterThan:
        order = orderNumbers(policyValue, requestValue);
        return order && *order > 0;
    case Comparison::NumericGreaterThanEquals:
        order = orderNumbers(policyValue, requestValue);
        return order && *order >= 0;
    case Comparison::DateEquals:
        order = orderDates(policyValue, requestValue);
        return order && *order == 0;
    case Comparison::DateLessThan:
        order = orderDates(policyValue, requestValue);
        return order && *order < 0;
    case Comparison::DateLessThanEquals:
        order = orderDates(policyValue, requestValue);
        return order && *order <= 0;
    case Comparison::DateGreaterThan:
        order = orderDates(policyValue, requestValue);
        return order && *order > 0;
    case Comparison::DateGreaterThanEquals:
        order = orderDates(policyValue, requestValue);
        return order && *order >= 0;
    case Comparison::Null:
    case Comparison::Unknown:
        return false;
    }
    return false;
}

bool compareValue(std::string_view op, std::string_view policyValue, std::string_view requestValue)
{
    return compare(comparisonOf(op), policyValue, requestValue);
}

PreparedOperator prepareOperator(std::string_view op)
{
    PreparedOperator prepared;
    prepared.parsed = Vocabulary::instance().parseOperator(op);
    if (prepared.parsed) {
        prepared.comparison = comparisonOf(prepared.parsed->base->name);
    }
    return prepared;
}

bool matchArnMarked(std::string_view pattern, std::string_view arn)
{
    if (pattern.rfind("arn:", 0) != 0) {
        return wildcardMatchMarked(pattern, arn);
    }
    // ':' is never marked, so the fields split as in matchArn().
    std::size_t p = 0;
    std::size_t a = 0;
    for (int field = 0; field < 6; ++field) {
        const std::size_t pEnd = field == 5 ? pattern.size() : pattern.find(':', p);
        const std::size_t aEnd = field == 5 ? arn.size() : arn.find(':', a);
        if (pEnd == std::string_view::npos) {
            return false; // a truncated ARN pattern matches nothing
        }
        if (aEnd == std::string_view::npos) {
            return false;
        }
        if (!wildcardMatchMarked(pattern.substr(p, pEnd - p), arn.substr(a, aEnd - a))) {
            return false;
        }
        p = pEnd + 1;
        a = aEnd + 1;
    }
    return true;
}

namespace {

const std::string& valueText(const std::string& v)
{
    return v;
}

const std::string& valueText(const ValueRef& v)
{
    return v.value;
}

/** compare() for a value that went through substituteVariables(..., pattern) (see there). */
bool compareSubstituted(Comparison comparison, std::string_view policyValue, std::string_view requestValue)
{
    if (hasLiteralMark(policyValue)) {
        if (comparison == Comparison::StringLike) {
            return wildcardMatchMarked(policyValue, requestValue);
        }
        if (comparison == Comparison::Arn) {
            return matchArnMarked(policyValue, requestValue);
        }
    }
    return compare(comparison, policyValue, requestValue);
}

template <typename Value>
ConditionResult evaluateConditionImpl(const PreparedOperator& op,
                                      std::string_view key,
                                      const std::vector<Value>& policyValues,
                                      const RequestContext& context,
                                      bool policyVariables)
{
    ConditionResult result;
    auto finish = [&result](Truth truth) {
        result.truth = truth;
        result.satisfied = truth == Truth::True;
        return result;
    };
    const std::vector<std::string>* requestValues = context.find(key);
    result.keyPresent = requestValues && !requestValues->empty();
    const auto& parsed = op.parsed;
    if (!parsed) {
        result.operatorKnown = false;
        return result;
    }
    if (parsed->base->family == OperatorFamily::Null && parsed->set != SetPrefix::None) {
        // IAM policy validation (NULL_WITH_QUALIFIER): ForAllValues:Null is always true, ForAnyValue:Null always false,
        // whatever the request holds.
        return finish(parsed->set == SetPrefix::ForAllValues ? Truth::True : Truth::False);
    }
    if (!requestValues && context.state(key) == KeyState::Unknown) {
        // Present or absent, value unknown: nothing this operator compares is known.
        result.unknownKey = std::string(key);
        return finish(Truth::Unknown);
    }
    const OperatorInfo& info = *parsed->base;

    if (info.family == OperatorFamily::Null) {
        Truth truth = Truth::False;
        for (const auto& v : policyValues) {
            const auto b = parseBool(valueText(v));
            if (b && *b != result.keyPresent) {
                truth = Truth::True;
            }
        }
        return finish(truth);
    }
    if (!result.keyPresent) {
        if (parsed->ifExists || parsed->set == SetPrefix::ForAllValues) {
            return finish(Truth::True);
        }
        if (parsed->set == SetPrefix::ForAnyValue) {
            return finish(Truth::False);
        }
        return finish(info.negated ? Truth::True : Truth::False);
    }

    // Policy variables are substituted per value; a value that cannot be resolved matches nothing, one whose
    // variable names an Unknown key may match.
    const bool substitute = policyVariables && info.allowsPolicyVariables;
    // Substituted text is literal in a pattern: "${*}" is an asterisk, and a request value's '*' is no wildcard.
    const bool pattern = op.comparison == Comparison::StringLike || op.comparison == Comparison::Arn;
    auto matchesAny = [&](const std::string& requestValue) {
        Truth any = Truth::False;
        for (const auto& pv : policyValues) {
            const std::string& v = valueText(pv);
            if (substitute && v.find("${") != std::string::npos) {
                std::string unknownKey;
                const auto resolved = substituteVariables(v, context, &unknownKey, pattern);
                if (resolved && compareSubstituted(op.comparison, *resolved, requestValue)) {
                    return Truth::True;
                }
                if (!resolved && !unknownKey.empty()) {
                    any = Truth::Unknown;
                    result.unknownKey = std::move(unknownKey);
                }
            } else if (compare(op.comparison, v, requestValue)) {
                return Truth::True;
            }
        }
        return any;
    };
    // "satisfies" for one request value: positive operators need a match, negated ones need none.
    auto satisfies = [&](const std::string& requestValue) {
        const Truth match = matchesAny(requestValue);
        return info.negated ? truthNot(match) : match;
    };

    Truth truth = Truth::False;
    switch (parsed->set) {
    case SetPrefix::ForAllValues:
        truth = Truth::True;
        for (const auto& r : *requestValues) {
            truth = truthAnd(truth, satisfies(r));
        }
        break;
    case SetPrefix::ForAnyValue:
        for (const auto& r : *requestValues) {
            truth = truthOr(truth, satisfies(r));
        }
        break;
    case SetPrefix::None: {
        Truth anyMatch = Truth::False;
        for (const auto& r : *requestValues) {
            anyMatch = truthOr(anyMatch, matchesAny(r));
        }
        truth = info.negated ? truthNot(anyMatch) : anyMatch;
        break;
    }
    }
    if (truth != Truth::Unknown) {
        result.unknownKey.clear();
    }
    return finish(truth);
}

} // namespace

ConditionResult evaluateCondition(std::string_view op,
                                  std::string_view key,
                                  const std::vector<std::string>& policyValues,
                                  const RequestContext& context,
                                  bool policyVariables)
{
    return evaluateConditionImpl(prepareOperator(op), key, policyValues, context, policyVariables);
}

ConditionResult evaluateCondition(const PreparedOperator& op,
                                  std::string_view key,
                                  const std::vector<ValueRef>& policyValues,
                                  const RequestContext& context,
                                  bool policyVariables)
{
    return evaluateConditionImpl(op, key, policyValues, context, policyVariables);
}

ConditionResult evaluateCondition(std::string_view op,
                                  std::string_view key,
                                  const std::vector<ValueRef>& policyValues,
                                  const RequestContext& context,
                                  bool policyVariables)
{
    return evaluateConditionImpl(prepareOperator(op), key, policyValues, context, policyVariables);
}

} // namespace kps::eval
