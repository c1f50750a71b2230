// SPDX-License-Identifier: GPL-3.0-or-later
#include "model/ContextSidecar.h"

#include "model/QtConvert.h"

#include <QFile>
#include <QSaveFile>

#include <nlohmann/json.hpp>

namespace kps::model::sidecar {

QString pathFor(const QString& policyPath)
{
    return policyPath.isEmpty() ? QString() : policyPath + QStringLiteral(".kpsctx.json");
}

bool isEmpty(const MwaaContext& context)
{
    return context.environment.empty() && context.region.empty() && context.account.empty() && context.key.empty()
        && context.orgId.empty();
}

QByteArray serialize(const MwaaContext& context)
{
    // nlohmann's ordered_json keeps the documented key order.
    nlohmann::ordered_json json;
    json["kpsContext"] = 1;
    json["environment"] = context.environment;
    json["region"] = context.region;
    json["account"] = context.account;
    json["key"] = context.key;
    if (!context.orgId.empty()) {
        json["org_id"] = context.orgId;
    }
    const std::string text = json.dump(2) + "\n";
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::optional<MwaaContext> parse(const QByteArray& text, QString* error)
{
    const auto json = nlohmann::json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("kpsContext")) {
        if (error) {
            *error = QStringLiteral("not a Keypolicy Studio context file");
        }
        return std::nullopt;
    }
    MwaaContext context;
    auto field = [&json](const char* name, std::string& value, ContextSource& source) {
        const auto it = json.find(name);
        if (it != json.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
            value = it->get<std::string>();
            source = ContextSource::Given;
        }
    };
    field("environment", context.environment, context.environmentSource);
    field("region", context.region, context.regionSource);
    field("account", context.account, context.accountSource);
    field("key", context.key, context.keySource);
    field("org_id", context.orgId, context.orgIdSource);
    return context;
}

std::optional<MwaaContext> read(const QString& policyPath, QString* error)
{
    QFile file(pathFor(policyPath));
    if (policyPath.isEmpty() || !file.exists()) {
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) {
            *error = file.errorString();
        }
        return std::nullopt;
    }
    return parse(file.readAll(), error);
}

bool write(const QString& policyPath, const MwaaContext& context, QString* error)
{
    const QString path = pathFor(policyPath);
    if (path.isEmpty()) {
        return true;
    }
    QFile existing(path);
    if (isEmpty(context)) {
        if (existing.exists() && !existing.remove()) {
            if (error) {
                *error = existing.errorString();
            }
            return false;
        }
        return true;
    }
    const QByteArray text = serialize(context);
    if (existing.open(QIODevice::ReadOnly) && existing.readAll() == text) {
        return true;
    }
    existing.close();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) || file.write(text) != text.size() || !file.commit()) {
        if (error) {
            *error = file.errorString();
        }
        return false;
    }
    return true;
}

} // namespace kps::model::sidecar
