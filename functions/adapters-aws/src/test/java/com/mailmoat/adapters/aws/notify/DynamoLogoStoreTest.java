package com.mailmoat.adapters.aws.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.notify.Branding;
import com.mailmoat.core.notify.LogoImage;
import com.mailmoat.testkit.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The logo copy beside the profile in the Accounts table (DynamoDB Local): kept whole, per account, apart from the branding. */
class DynamoLogoStoreTest {
    private static final DynamoDbClient DYNAMO = LocalDynamoDb.client();
    private final String table = LocalDynamoDb.tables().get("AccountsTable");
    private final DynamoLogoStore logos = new DynamoLogoStore(DYNAMO, table);

    @Test
    void aLogoOfTheLargestSizeIsKeptByteForByteForItsAccountOnlyAndGoesWhenDeleted() {
        String account = "acct-logo-" + System.nanoTime();
        byte[] image = new byte[LogoImage.MAX_BYTES];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, image, 0, 8);
        for (int i = 8; i < image.length; i++) {
            image[i] = (byte) (i * 31);
        }
        logos.save(account, new LogoImage(image, "image/png", "https://contoso.example/logo.png"));
        DynamoBrandingRepository brandings = new DynamoBrandingRepository(DYNAMO, table);
        brandings.save(account, new Branding("https://contoso.example/logo.png", "#0f6cbd"));

        LogoImage found = logos.find(account).orElseThrow();
        assertThat(found.bytes()).isEqualTo(image);
        assertThat(found.contentType()).isEqualTo("image/png");
        assertThat(found.sourceUrl()).isEqualTo("https://contoso.example/logo.png");
        assertThat(logos.find(account + "-other")).isEmpty();

        logos.delete(account);
        assertThat(logos.find(account)).isEmpty();
        assertThat(brandings.find(account).logoUrl()).as("the branding item is another item").isEqualTo("https://contoso.example/logo.png");
    }
}
