// SPDX-License-Identifier: MIT
#pragma once
// qcustomplot.h is written with Qt's keyword macros (signals, slots, foreach, emit), which every Qt
// target here switches off with QT_NO_KEYWORDS because LibTorch uses `slots` as an identifier. Map
// them to their Q_ spellings for this one header, then remove them again.

#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef emit
#undef slots
#undef signals
