package partner;

import io.conduit.api.IncomingFile;
import io.conduit.api.Mail;
import io.conduit.api.Service;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * A partner's CSV of orders (order_id,customer,amount after a header line), dropped on their SFTP
 * server: every row goes into the table partner_orders in one transaction, and a summary mail goes
 * to the address in the KVDB key partner:notify. A row that cannot be read fails the whole file:
 * nothing is written, and the file channel moves it to failed/ with the error beside it.
 */
public class ImportOrders extends Service {
    @Override
    public void handle() throws Exception {
        IncomingFile file = request().file();
        int[] rows = {0};
        BigDecimal[] total = {BigDecimal.ZERO};
        outgoing().sql("Partner DB").transaction(tx -> {
            tx.update("CREATE TABLE IF NOT EXISTS partner_orders (order_id VARCHAR(40) PRIMARY KEY,"
                    + " customer VARCHAR(200) NOT NULL, amount NUMERIC(12, 2) NOT NULL, file VARCHAR(255) NOT NULL,"
                    + " cid VARCHAR(40) NOT NULL)");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.open(), StandardCharsets.UTF_8))) {
                lines.readLine();
                int line = 1;
                for (String row = lines.readLine(); row != null; row = lines.readLine()) {
                    line++;
                    if (row.isBlank()) {
                        continue;
                    }
                    String[] cells = row.split(",", -1);
                    if (cells.length != 3) {
                        throw new IllegalArgumentException(file.name() + " line " + line + ": expected order_id,customer,"
                                + "amount, got '" + row + "'");
                    }
                    BigDecimal amount;
                    try {
                        amount = new BigDecimal(cells[2].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file.name() + " line " + line + ": amount '" + cells[2]
                                + "' is not a number");
                    }
                    tx.update("INSERT INTO partner_orders (order_id, customer, amount, file, cid) VALUES (?, ?, ?, ?, ?)",
                            cells[0].trim(), cells[1].trim(), amount, file.name(), cid());
                    rows[0]++;
                    total[0] = total[0].add(amount);
                }
            }
            return null;
        });
        String to = kvdb().get("partner:notify");
        outgoing().mail("Notify").send(Mail.to(to == null ? "ops@example.com" : to)
                .subject("Partner orders: " + file.name() + ", " + rows[0] + " rows")
                .text(file.name() + " (" + file.size() + " bytes) imported: " + rows[0] + " orders, total " + total[0]
                        + ".\ncid " + cid() + "\n"));
        logger().info("{}: {} orders, total {}", file.name(), rows[0], total[0]);
    }
}
