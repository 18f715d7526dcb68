// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QPointer>
#include <QScrollArea>

#include <map>
#include <vector>

class QGridLayout;
class QLabel;

namespace lada::ui {

class ImageViewer;
class QueryCard;

/**
 * The cards of the current round in a scrolling grid, and which image the next label goes to: the
 * first unanswered image, moving on by itself after each answer. The keyboard moves it too: Left and
 * Right to the previous and next image, Up and Down a row of cards, Tab and Shift+Tab to the next and
 * previous card; the focused card is framed and scrolled into view.
 */
class CardsView : public QScrollArea {
    Q_OBJECT
public:
    explicit CardsView(QWidget* parent = nullptr);

    void setClassNames(const QStringList& names) { m_classNames = names; }
    /** Replaces the cards with those of `proposal`. */
    void showProposal(const RoundProposal& proposal);
    /** Marks `row` answered (label, or -1 skipped) and moves the focus to the next unanswered image. */
    void markAnswered(qint64 row, int label);
    /**
     * Shows an answer given but not yet journaled by the worker (greyed) and moves the focus on, so that
     * fast typing labels the next image; markAnswered confirms it, markUndone takes it back.
     */
    void markPending(qint64 row, int label);
    /** Marks `row` unanswered again and focuses it. */
    void markUndone(qint64 row);
    void showInspection(const VirtualInspection& inspection);
    /** The text above the cards while there are none (what to do next). */
    void setPlaceholder(const QString& text);
    /** The text above the cards: the round's title, or the placeholder. */
    QString headerText() const;

    /** The image the next key press labels; -1 when every image of the round is answered. */
    qint64 focusedRow() const { return m_focused; }
    void focusRow(qint64 row);
    /**
     * Moves the focus for a navigation key (Qt::Key_Left, Right, Up, Down, Tab, Backtab; Tab with Shift is
     * Backtab) and returns true; false for any other key, without cards, or for Tab past the last card and
     * Shift+Tab before the first (the keyboard focus then leaves the cards as usual).
     */
    bool navigate(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    /** The card holding the focused image, -1 for none. */
    int focusedCard() const { return cardOf(m_focused); }
    int round() const { return m_round; }
    int cardCount() const { return static_cast<int>(m_cards.size()); }
    QueryCard* card(int i) const { return m_cards[static_cast<size_t>(i)]; }
    bool isAnswered(qint64 row) const { return m_answered.count(row) > 0; }
    /**
     * Opens the image of `row` at full size in an ImageViewer (Space on the focused image, a double-click
     * on any); one viewer at a time, the previous one closes. Nothing happens for a row no card shows.
     */
    void openImage(qint64 row);
    /** The open viewer, nullptr when none is open. */
    ImageViewer* imageViewer() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    /** Tab and Shift+Tab move between cards while there is one in that direction. */
    bool focusNextPrevChild(bool next) override;

Q_SIGNALS:
    void inspectRequested(int query, double lambda);
    void focusChanged(qint64 row);

private:
    void focusNextUnanswered();
    /** The index of the card showing `row`, -1 for none. */
    int cardOf(qint64 row) const;
    /** Focuses image `image` (clamped) of card `card`. */
    void focusCard(int card, int image);
    /** Cards per row: pairs one, pixel-art singles five, photos as many as the width holds. */
    int columns() const;
    /** Puts the cards into the grid at `columns` per row. */
    void placeCards(int columns);

    QWidget* m_content;
    QGridLayout* m_grid;
    QLabel* m_header;
    QStringList m_classNames;
    std::vector<QueryCard*> m_cards;
    std::vector<qint64> m_rows;        ///< images in card order
    std::map<qint64, int> m_answered;  ///< row -> label (-1 skipped)
    qint64 m_focused = -1;
    int m_round = -1;
    bool m_pairs = false;
    bool m_photos = false;  ///< the round's images are photos (drawn at kPhotoLongSide), not pixel art
    int m_columns = 0;
    QPointer<ImageViewer> m_viewer;
};

}  // namespace lada::ui
