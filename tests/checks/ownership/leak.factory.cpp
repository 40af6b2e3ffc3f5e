// Project factories (summaries): a call to a function returning a fresh object is an allocation.
#include <memory>

struct Widget {
    int width = 0;
};

Widget *make_widget(int w) {
    Widget *x = new Widget;
    x->width = w;
    return x;
}

Widget *make_default() { return make_widget(10); }

void destroy_widget(Widget *w) { delete w; }

int width_ok(int w) {
    std::unique_ptr<Widget> owned(make_widget(w));
    return owned->width;
}

int width_bad(int w) {
    Widget *x = make_default();  // expect: clangcheck-ownership-leak
    return x->width;
}

int width_destroyed_ok(int w) {
    Widget *x = make_widget(w);
    int width = x->width;
    destroy_widget(x);
    return width;
}

void discarded_bad() {
    make_widget(3);  // expect: clangcheck-ownership-leak
}
