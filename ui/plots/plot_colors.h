// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

namespace lada::ui {

/** A distinct colour per class or run (the Tableau 10 palette, repeating after ten). */
QColor categoryColor(int index);

}  // namespace lada::ui
