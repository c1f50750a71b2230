// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/json/JsonHash.h"

#include <cstring>
#include <string_view>

namespace kps {

namespace {

/// FNV-1a over bytes, then mixed (splitmix64's finalizer) where structure is added.
class Fingerprint
{
public:
    void bytes(std::string_view data)
    {
        for (const char c : data) {
            m_state = (m_state ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
        }
        word(data.size());
    }
    void word(std::uint64_t value)
    {
        std::uint64_t z = m_state ^ (value + 0x9e3779b97f4a7c15ULL + (m_state << 6) + (m_state >> 2));
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        m_state = z ^ (z >> 31);
    }
    std::uint64_t value() const { return m_state; }

private:
    std::uint64_t m_state = 0xcbf29ce484222325ULL;
};

void add(Fingerprint& print, const Json& value)
{
    print.word(static_cast<std::uint64_t>(value.type()));
    switch (value.type()) {
    case Json::value_t::object:
        print.word(value.size());
        for (const auto& [key, member] : value.items()) {
            print.bytes(key);
            add(print, member);
        }
        break;
    case Json::value_t::array:
        print.word(value.size());
        for (const Json& element : value) {
            add(print, element);
        }
        break;
    case Json::value_t::string:
        print.bytes(value.get_ref<const Json::string_t&>());
        break;
    case Json::value_t::boolean:
        print.word(value.get<bool>() ? 1 : 0);
        break;
    case Json::value_t::number_integer:
        print.word(static_cast<std::uint64_t>(value.get<std::int64_t>()));
        break;
    case Json::value_t::number_unsigned:
        print.word(value.get<std::uint64_t>());
        break;
    case Json::value_t::number_float: {
        const double number = value.get<double>();
        std::uint64_t bits = 0;
        std::memcpy(&bits, &number, sizeof bits);
        print.word(bits);
        break;
    }
    default:
        break;
    }
}

} // namespace

std::uint64_t jsonFingerprint(const Json& value)
{
    Fingerprint print;
    add(print, value);
    return print.value();
}

} // namespace kps
