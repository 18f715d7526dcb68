// SPDX-License-Identifier: MIT
// QString <-> std::string for the tests, which mix Qt's file API with core's std::filesystem one.
#pragma once

#include <QString>

#include <string>

namespace lada::testing {

inline std::string toStd(const QString& s)
{
    return s.toStdString();
}

inline QString fromStd(const std::string& s)
{
    return QString::fromStdString(s);
}

}  // namespace lada::testing
