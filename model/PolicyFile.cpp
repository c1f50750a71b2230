// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/PolicyFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStringDecoder>

namespace kps::model::PolicyFile {
namespace {

/// core's one input limit (SourceDocument::MaxInputBytes), as a Qt size.
constexpr qint64 MaxFileBytes = static_cast<qint64>(SourceDocument::MaxInputBytes);

QString tr(const char* text)
{
    return QCoreApplication::translate("PolicyFile", text);
}

} // namespace

ReadResult read(const QString& path)
{
    ReadResult result;
    const QFileInfo info(path);
    const QString name = QDir::toNativeSeparators(path);
    if (!info.exists()) {
        result.error = tr("%1 does not exist.").arg(name);
        return result;
    }
    if (info.isDir()) {
        result.error = tr("%1 is a folder, not a policy file.").arg(name);
        return result;
    }
    if (info.size() > MaxFileBytes) {
        result.error = tr("%1 is %2 MB; files over %3 MB are not opened (a key policy is at most 32 KB).")
                           .arg(name)
                           .arg(static_cast<double>(info.size()) / (1024.0 * 1024.0), 0, 'f', 1)
                           .arg(MaxFileBytes / (1024 * 1024));
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = tr("%1 cannot be read: %2").arg(name, file.errorString());
        return result;
    }
    // Read at most one byte past the limit: the file may have grown since the size check.
    const QByteArray bytes = file.read(MaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        result.error = tr("%1 cannot be read: %2").arg(name, file.errorString());
        return result;
    }
    if (bytes.size() > MaxFileBytes) {
        result.error = tr("%1 is larger than %2 MB and is not opened.").arg(name).arg(MaxFileBytes / (1024 * 1024));
        return result;
    }
    if (bytes.contains('\0')) {
        result.error = tr("%1 is not a text file.").arg(name);
        return result;
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    (void)QString(decoder(bytes));
    if (decoder.hasError()) {
        result.error = tr("%1 is not UTF-8 text; key policies are UTF-8 JSON.").arg(name);
        return result;
    }
    result.ok = true;
    result.text.assign(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    return result;
}

bool write(const QString& path, const std::string& text, QString* error)
{
    QSaveFile file(path);
    const QString name = QDir::toNativeSeparators(path);
    // Unbuffered: a buffered QSaveFile (Qt 6.4) loses a short write at flush and commit() still succeeds, replacing
    // the original with a truncated file when the disk fills (tst_nodataloss). Unbuffered, write() reports it.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        if (error) {
            *error = tr("%1 cannot be written: %2").arg(name, file.errorString());
        }
        return false;
    }
    const auto size = static_cast<qint64>(text.size());
    if (file.write(text.data(), size) != size) {
        if (error) {
            *error = tr("%1 cannot be written: %2").arg(name, file.errorString());
        }
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error) {
            *error = tr("%1 cannot be saved: %2").arg(name, file.errorString());
        }
        return false;
    }
    return true;
}

} // namespace kps::model::PolicyFile
