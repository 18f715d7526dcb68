// SPDX-License-Identifier: MIT
#include "ui/worker/strategy_list.h"

#include "core/acquisition/strategy.h"

namespace lada::ui {

QStringList strategyList()
{
    QStringList names;
    for (const std::string& name : strategyNames())
        names << QString::fromStdString(name);
    return names;
}

} // namespace lada::ui
