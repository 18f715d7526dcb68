// SPDX-License-Identifier: MIT
#pragma once

#include "ui/worker/worker_types.h"

#include <QDialog>
#include <QImage>

class QGraphicsPixmapItem;
class QGraphicsView;
class QLabel;

namespace lada::ui {

/**
 * A card's image at full resolution in a zoomable window: the original file (EXIF orientation applied),
 * or the card's own pixels where there is no file (MNIST idx, CIFAR records). The mouse wheel zooms
 * around the cursor, Ctrl+Plus / Ctrl+Minus around the centre, 0 (or Ctrl+0) fits the window, 1 shows
 * 100 %, dragging pans, Esc (or Space, which opened it) closes. A file that cannot be read shows why,
 * naming the file.
 */
class ImageViewer : public QDialog {
    Q_OBJECT
public:
    /** Reads `image.file` at once (GUI thread: one image, opened on request). */
    explicit ImageViewer(const QueryImage& image, QWidget* parent = nullptr);

    /** Whether anything is shown (the original, or the card's pixels in its place). */
    bool hasImage() const { return !m_image.isNull(); }
    /** Whether the original file was read (false: the card's pixels, or nothing). */
    bool showsOriginal() const { return m_original; }
    /** The size in pixels of what is shown, as oriented on screen. */
    QSize imageSize() const { return m_image.size(); }
    /** Screen pixels per image pixel (1 = 100 %). */
    double zoom() const { return m_zoom; }
    /** Why the original could not be shown, naming the file and the reader's error; empty when it was. */
    const QString& errorText() const { return m_error; }
    /** The status line: file name, pixel size, zoom and the keys. */
    QString statusText() const;

    /** Zooms to `zoom` (clamped) keeping the image point under `viewportPoint` where it is. */
    void zoomAt(double zoom, const QPointF& viewportPoint);
    /** Zooms to `zoom` around the middle of the view. */
    void setZoom(double zoom);
    /** Fits the whole image into the window, following its size until the next zoom. */
    void fitToWindow();

protected:
    void keyPressEvent(QKeyEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    /** How the zoom follows the window: not at all, fit, or fit without enlarging (the first view of a photo). */
    enum class Fit { None, Whole, ShrinkOnly };

    QImage load(const QueryImage& image);
    void applyFit();
    void applyZoom(double zoom);
    void updateTexts();

    QString m_name;   ///< the file name (or the record's path) for the title
    QString m_where;  ///< the absolute file, or the record's path
    QImage m_image;
    bool m_original = false;
    QString m_error;
    double m_zoom = 1.0;
    Fit m_fit = Fit::ShrinkOnly;
    QGraphicsView* m_view = nullptr;
    QGraphicsPixmapItem* m_item = nullptr;
    QLabel* m_errorLabel = nullptr;
    QLabel* m_status = nullptr;
};

}  // namespace lada::ui
