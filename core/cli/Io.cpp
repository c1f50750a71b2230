// SPDX-License-Identifier: GPL-3.0-or-later
// POSIX file I/O: core has no Qt, so QSaveFile's write-fsync-rename is done by hand here.
#include "core/cli/Io.h"

#include "core/json/SourceDocument.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace kps::cli {

namespace {

std::string systemReason(int error)
{
    return std::strerror(error);
}

/** Closes a descriptor on scope exit unless released. */
class FileDescriptor
{
public:
    explicit FileDescriptor(int fd)
        : m_fd(fd)
    { }
    ~FileDescriptor()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }
    /** Closes now and reports the result (close can report a deferred write error). */
    int close()
    {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd);
    }

private:
    int m_fd;
};

} // namespace

Expected<std::string> readFile(const std::string& path)
{
    const auto fail = [&path](std::string reason) {
        return Error{std::move(reason), path};
    };
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        return fail(systemReason(errno));
    }
    FileDescriptor file(fd);
    struct stat st
    {
    };
    if (::fstat(fd, &st) != 0) {
        return fail(systemReason(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        return fail(systemReason(EISDIR));
    }
    if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > SourceDocument::MaxInputBytes) {
        return fail("File too large (" + std::to_string(st.st_size) + " bytes; a key policy is at most 32768)");
    }
    // Read straight into the string, sized for a regular file plus one byte to see the end at once (a 64 KB
    // zero-filled buffer per file was the CLI's largest cost per small policy after checking).
    std::string text;
    const std::size_t chunk
        = S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) + 1 : std::size_t(64 * 1024);
    for (;;) {
        const std::size_t used = text.size();
        text.resize(used + chunk);
        const ssize_t n = ::read(fd, text.data() + used, chunk);
        if (n < 0) {
            text.resize(used);
            if (errno == EINTR) {
                continue;
            }
            return fail(systemReason(errno));
        }
        text.resize(used + static_cast<std::size_t>(n));
        if (n == 0) {
            break;
        }
        if (text.size() > SourceDocument::MaxInputBytes) {
            return fail("File too large (more than " + std::to_string(SourceDocument::MaxInputBytes) + " bytes)");
        }
    }
    return text;
}

Expected<void> writeFileAtomically(const std::string& path, std::string_view data)
{
    namespace fs = std::filesystem;
    const auto failure = [&path](int error) {
        return Error{systemReason(error), path};
    };
    fs::path target(path);
    std::error_code ec;
    if (fs::is_symlink(target, ec)) {
        // Replace what the link points at, not the link itself.
        const fs::path resolved = fs::weakly_canonical(target, ec);
        if (!ec) {
            target = resolved;
        }
    }
    if (target.filename().empty()) {
        return failure(EISDIR);
    }
    struct stat existing
    {
    };
    const bool exists = ::stat(target.c_str(), &existing) == 0;
    if (exists && S_ISDIR(existing.st_mode)) {
        return failure(EISDIR);
    }
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    // Appended piecewise: GCC 12 at -O3 warns (-Wrestrict, a false positive) on "." + std::string&&.
    std::string hidden(1, '.');
    hidden += target.filename().string();
    hidden += ".XXXXXX";
    std::string name = (dir / hidden).string();
    std::vector<char> tmpl(name.begin(), name.end());
    tmpl.push_back('\0');
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        return failure(errno);
    }
    const std::string tempPath(tmpl.data());
    FileDescriptor file(fd);
    auto fail = [&](int error) {
        Error e = failure(error);
        if (file.get() >= 0) {
            file.close();
        }
        ::unlink(tempPath.c_str());
        return e;
    };

    mode_t mode = 0;
    if (exists) {
        mode = existing.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    if (::fchmod(fd, mode) != 0) {
        return fail(errno);
    }
    std::size_t written = 0;
    while (written < data.size()) {
        const ssize_t n = ::write(fd, data.data() + written, data.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return fail(errno);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        return fail(errno);
    }
    if (file.close() != 0) {
        return fail(errno);
    }
    if (::rename(tempPath.c_str(), target.c_str()) != 0) {
        return fail(errno);
    }
    // Make the rename itself durable; a failure here does not undo the (already visible) replacement.
    const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

} // namespace kps::cli
