// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/qcustomplot_include.h"

namespace lada::ui {

/** A QCustomPlot with a title, a shared look and a context menu that saves it as PNG or PDF. */
class PlotBase : public QCustomPlot {
    Q_OBJECT
public:
    explicit PlotBase(const QString& title, QWidget* parent = nullptr);

    /** Saves the plot by the file's suffix: .pdf as vector graphics, anything else as PNG. */
    bool saveTo(const QString& file);
    /** Asks for a file name and saves (the context menu's action). */
    void saveInteractively();
    /** A grey note across the middle of the plot ("no pairs for this strategy"); empty removes it. */
    void setNote(const QString& text);
    /** Number of data points over all graphs; the tests read it. */
    int dataCount();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    /** Redraws when the event loop is next idle, so several updates cost one replot. */
    void requestReplot() { replot(QCustomPlot::rpQueuedReplot); }

    QCPTextElement* m_title;
    QCPItemText* m_note = nullptr;
};

}  // namespace lada::ui
