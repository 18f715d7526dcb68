// SPDX-License-Identifier: MIT
#pragma once

#include "ui/plots/qcustomplot_include.h"

namespace lada::ui {

/**
 * A QCustomPlot with a title, a shared look and a context menu that saves it as PNG or PDF. Its legend
 * sits outside the axis rect, so that it never covers data, and shows only while a named plottable has
 * data (an empty plot has no empty legend box).
 */
class PlotBase : public QCustomPlot {
    Q_OBJECT
public:
    /** Where the legend goes: a row under the axis rect, or a column right of it. */
    enum class LegendPlace { Below, Right };

    explicit PlotBase(const QString& title, QWidget* parent = nullptr);
    ~PlotBase() override;

    /** Saves the plot by the file's suffix: .pdf as vector graphics, anything else as PNG. */
    bool saveTo(const QString& file);
    /** Asks for a file name and saves (the context menu's action). */
    void saveInteractively();
    /** A grey note across the middle of the plot ("no pairs for this strategy"); empty removes it. */
    void setNote(const QString& text);
    /** Number of data points over all graphs; the tests read it. */
    int dataCount();

    /** Says in the tooltip what the plot shows, followed by how to save it. */
    void setDescription(const QString& text);
    /** The plot's title (the first row of its layout). */
    QString title() const;
    /** Where the legend goes (Below by default). */
    LegendPlace legendPlace() const { return m_legendPlace; }

protected:
    /**
     * Shows `row` (a text element made by the subclass, in no layout until then) in the row under the title
     * while `visible`: an empty QCPTextElement keeps its row one line high, so the row comes with the first text.
     */
    void showUnderTitle(QCPTextElement* row, bool visible);
    void contextMenuEvent(QContextMenuEvent* event) override;
    /** Fits the title to the new width (elided with '…'; title() and the tooltip keep it whole). */
    void resizeEvent(QResizeEvent* event) override;
    /** Updates the legend, then redraws when the event loop is next idle, so several updates cost one replot. */
    void requestReplot();
    /** Moves the legend to `place`, outside the axis rect. */
    void setLegendPlace(LegendPlace place);
    /** Entries per row of a legend below the plot (4 by default). */
    void setLegendColumns(int columns);
    /**
     * Lists every named plottable that has data in the legend (in plottable order), and shows the legend
     * in its place only when it lists something; a hidden legend leaves the layout so it takes no room.
     */
    void updateLegend();

    QCPTextElement* m_title;
    QCPItemText* m_note = nullptr;

private:
    /** The layout row of the axis rect. */
    int axisRectRow() const;
    /**
     * Elides the title to the plot's width: a subclass sets m_title's text whole (a round's title can be
     * long); what is drawn is the elided copy, recognised so that the whole text is kept.
     */
    void fitTitle();

    LegendPlace m_legendPlace = LegendPlace::Below;
    QCPLayoutGrid* m_legendBox = nullptr;  ///< the legend and its spacers, in the plot's layout while shown
    int m_legendWrap = 4;
    QString m_fullTitle;   ///< the title as last set
    QString m_shownTitle;  ///< what m_title draws: m_fullTitle elided to the width
};

}  // namespace lada::ui
