package dev.redisinside.sample.cart;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A shopping cart kept in the HTTP session, which Spring Session stores in Redis (a hash per session,
 * found again through the {@code SESSION} cookie by any instance of the app).
 */
@RestController
@RequestMapping("/cart")
class CartController {

    private static final String ITEMS = "cart";

    @GetMapping
    List<String> items(HttpSession session) {
        return items(session, false);
    }

    @PostMapping
    List<String> add(@RequestParam String item, HttpSession session) {
        List<String> items = items(session, true);
        items.add(item);
        // Spring Session saves attributes that are set (save-mode on-set-attribute), not ones changed in place.
        session.setAttribute(ITEMS, items);
        return items;
    }

    /** Ends the session: its keys are deleted and the app hears a SessionDeletedEvent. */
    @DeleteMapping
    void clear(HttpSession session) {
        session.invalidate();
    }

    @SuppressWarnings("unchecked")
    private static List<String> items(HttpSession session, boolean copy) {
        Object items = session.getAttribute(ITEMS);
        if (items == null) {
            return new ArrayList<>();
        }
        return copy ? new ArrayList<>((List<String>) items) : (List<String>) items;
    }
}
