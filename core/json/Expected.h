// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The one error-reporting style of core/ and the CLI (docs/design.md, "Errors"): a fallible operation returns
// Expected<T> (Expected<void> when it has no value), holding either its value or the Error that says why it failed.
// Nothing throws across the core API, and there are no error out-parameters. It lives in core/json, the lowest
// layer of core, so that every layer above can use it.

#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace kps {

/**
 * Why an operation failed, and where when that is known. `message` is English text without the file or position
 * ("No such file or directory", "'europe' is not a region code (e.g. eu-west-1)"); `file` names the file or operand
 * it is about ("" when none); `line` and `column` (1-based, the column in code points, as Span counts them) place it
 * in that text, 0 when unknown.
 */
struct Error
{
    Error() = default;
    explicit Error(std::string what, std::string path = {}, int atLine = 0, int atColumn = 0)
        : message(std::move(what))
        , file(std::move(path))
        , line(atLine)
        , column(atColumn)
    { }

    std::string message;
    std::string file;
    int line = 0;
    int column = 0;

    /** "FILE:LINE:COLUMN: message", "FILE: message" (no position) or "message" (no file), as the CLI prints it. */
    std::string text() const
    {
        std::string where = file;
        if (line > 0) {
            where += (where.empty() ? "" : ":") + std::to_string(line) + ":" + std::to_string(column);
        }
        return where.empty() ? message : where + ": " + message;
    }

    bool operator==(const Error&) const = default;
};

/** Every problem of an input checked as a whole (a form's fields): the error side of Expected<T, Errors>. */
using Errors = std::vector<Error>;

/**
 * The value of an operation that succeeded, or the error E (one Error unless the operation reports every problem
 * of its input, then Errors) of one that failed. Constructed implicitly from either, so a function returns its
 * value or `Error{...}` alike. value(), operator* and operator-> need ok(); error() needs !ok().
 */
template <typename T, typename E = Error>
class [[nodiscard]] Expected
{
public:
    /** A value-initialised value (for a result that is filled in later). */
    Expected() requires std::is_default_constructible_v<T> : m_state(std::in_place_index<0>) { }
    Expected(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    { }
    Expected(E error)
        : m_state(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    E& error() & { return std::get<1>(m_state); }
    const E& error() const& { return std::get<1>(m_state); }
    E&& error() && { return std::get<1>(std::move(m_state)); }

private:
    std::variant<T, E> m_state;
};

/** An operation without a value: success, or the error. */
template <typename E>
class [[nodiscard]] Expected<void, E>
{
public:
    Expected() = default;
    Expected(E error)
        : m_error(std::move(error))
    { }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }

    E& error() & { return m_error.value(); }
    const E& error() const& { return m_error.value(); }
    E&& error() && { return std::move(m_error).value(); }

private:
    std::optional<E> m_error;
};

} // namespace kps
