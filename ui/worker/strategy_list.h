// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace lada::ui {

/** The engine's strategy names in display order; declared here so that dialogs need no torch header. */
QStringList strategyList();

} // namespace lada::ui
